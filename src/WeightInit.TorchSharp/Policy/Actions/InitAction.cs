using System;
using TorchSharp;
using WeightInit.Sampling;
using WeightInit.Engine;
using WeightInit.Schemes;
using static TorchSharp.torch;

namespace WeightInit.Policy.Actions;

/// <summary>
/// What a rule does to a parameter: a scheme, <c>keep</c>, or a layer-aware action such as PyTorch's default bias,
/// per-block init of a fused weight, or the Mamba SSM initializers. Every action has a text form (its
/// <see cref="ToString"/>), which <see cref="Parse"/> reads back; policies are stored as JSON in that form.
/// </summary>
public abstract record InitAction
{
    private protected InitAction() { }

    /// <summary>True for <c>keep</c>: the parameter is left as it is.</summary>
    public virtual bool IsKeep => false;

    /// <summary>True when the parameters it sets must not be re-initialized by a later ApplyInit (Mamba's dt bias, A_log, ...).</summary>
    public virtual bool Marks => false;

    /// <summary>Throws ArgumentException when the action cannot apply to a parameter of this shape at this site.</summary>
    public abstract void Validate(ParameterSite site, long[] shape);

    /// <summary>A bound on |value| of everything the action writes to a parameter of this shape (site.DType its
    /// dtype), once <see cref="Validate"/> has passed: what <c>scaled(factor, ...)</c> checks its product against.</summary>
    internal abstract double MaxAbs(ParameterSite site, long[] shape);

    /// <summary>Writes <paramref name="target"/> (the parameter, or a block view of it) from libtorch's generator
    /// (null: the global one); grad is off.</summary>
    public void Apply(Tensor target, ParameterSite site, Generator? generator) => Apply(target, site, RandomSource.Torch(generator));

    /// <summary>Writes <paramref name="target"/> (the parameter, or a block view of it) from <paramref name="source"/>;
    /// grad is off.</summary>
    public abstract void Apply(Tensor target, ParameterSite site, RandomSource source);

    /// <summary>Text form: a scheme's call form, or the action's own (e.g. <c>blocks(3, xavier_uniform_())</c>).</summary>
    public abstract override string ToString();

    /// <summary>Reads an action's text form; anything that is not a library action is read as an <see cref="InitScheme"/>.</summary>
    public static InitAction Parse(string text) => ActionText.Parse(text);

    /// <summary>Like <see cref="Parse"/>, returning false (and the reason) instead of throwing; never throws.</summary>
    public static bool TryParse(string text, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out InitAction? action, [System.Diagnostics.CodeAnalysis.NotNullWhen(false)] out string? error) =>
        ActionText.TryParse(text, out action, out error);

    public static implicit operator InitAction(InitScheme scheme) => new SchemeAction(scheme);

    /// <summary>Leave the parameter as it is (pretrained or frozen parts).</summary>
    public static InitAction Keep => KeepAction.Instance;
}
