using System;
using System.Diagnostics.CodeAnalysis;
using TorchSharp;
using WeightInit.Sampling;
using WeightInit.Engine;
using WeightInit.Schemes;
using static TorchSharp.torch;

namespace WeightInit.Policy.Actions;

/// <summary>
/// What a rule does to a parameter: a scheme, <c>keep</c>, or a layer-aware action such as PyTorch's default bias,
/// per-block init of a fused weight, or the Mamba SSM initializers. Every action has a text form (its
/// <see cref="ToString"/>), which <see cref="Parse(string)"/> reads back; policies are stored as JSON in that form.
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

    /// <summary>Reads an action's text form: <c>keep</c>, <c>blocks(n, action)</c>, <c>scaled(factor, action)</c>, a
    /// layer-aware action (<c>torch_default_bias()</c>, <c>lstm_forget_bias(value=1)</c>, ...), else an
    /// <see cref="InitScheme"/> call. The grammar and limits are <see cref="InitScheme.Parse(string)"/>'s.</summary>
    /// <param name="text">The text form.</param>
    /// <exception cref="ArgumentException">Malformed text, an unknown name (the message lists the known ones) or a bad
    /// argument; the message names the argument or the position.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static InitAction Parse(string text) => ActionText.Parse(text, InitRegistry.BuiltIn);

    /// <summary>As <see cref="Parse(string)"/>, also knowing <paramref name="registry"/>'s user schemes and actions.</summary>
    /// <param name="text">The text form.</param>
    /// <param name="registry">The names to know.</param>
    /// <exception cref="ArgumentException">As <see cref="Parse(string)"/>.</exception>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static InitAction Parse(string text, InitRegistry registry) => ActionText.Parse(text, registry);

    /// <summary>Like <see cref="Parse(string)"/>, returning false (and the reason) instead of throwing; never throws.</summary>
    /// <param name="text">The text form (null gives false).</param>
    /// <param name="action">The action, when the text is valid.</param>
    /// <param name="error">Why it is not, otherwise.</param>
    public static bool TryParse(string text, [NotNullWhen(true)] out InitAction? action, [NotNullWhen(false)] out string? error) =>
        ActionText.TryParse(text, InitRegistry.BuiltIn, out action, out error);

    /// <summary>Like <see cref="Parse(string, InitRegistry)"/>, returning false (and the reason) instead of throwing.</summary>
    /// <param name="text">The text form (null gives false).</param>
    /// <param name="registry">The names to know.</param>
    /// <param name="action">The action, when the text is valid.</param>
    /// <param name="error">Why it is not, otherwise.</param>
    /// <exception cref="ArgumentNullException"><paramref name="registry"/> is null.</exception>
    public static bool TryParse(string text, InitRegistry registry, [NotNullWhen(true)] out InitAction? action, [NotNullWhen(false)] out string? error) =>
        ActionText.TryParse(text, registry, out action, out error);

    /// <summary>The scheme as an action (<see cref="SchemeAction"/>), so a scheme goes wherever an action does.</summary>
    /// <param name="scheme">The scheme.</param>
    /// <exception cref="ArgumentNullException"><paramref name="scheme"/> is null.</exception>
    public static implicit operator InitAction(InitScheme scheme) => new SchemeAction(scheme ?? throw new ArgumentNullException(nameof(scheme)));

    /// <summary>Leave the parameter as it is (pretrained or frozen parts).</summary>
    public static InitAction Keep => KeepAction.Instance;

    /// <summary><c>torch_default_bias()</c>: PyTorch's Linear/Conv bias default, U(±1/sqrt(fan_in)) with fan_in read
    /// off the layer's weight.</summary>
    public static InitAction TorchDefaultBias => new TorchDefaultBiasAction();

    /// <summary><c>bilinear_default()</c>: PyTorch's Bilinear default for weight and bias, U(±1/sqrt(in1_features)).</summary>
    public static InitAction BilinearDefault => new BilinearDefaultAction();

    /// <summary><c>rnn_default()</c>: PyTorch's RNN/LSTM/GRU (and cell) default, U(±1/sqrt(hidden_size)).</summary>
    public static InitAction RnnDefault => new RnnDefaultAction();

    /// <summary><c>mamba_dt_weight(dt_scale)</c>: Mamba's dt_proj weight, U(±dt_rank^-0.5·dt_scale).</summary>
    /// <exception cref="ArgumentException"><paramref name="dtScale"/> is not a positive finite number.</exception>
    public static InitAction MambaDtWeight(double dtScale = 1.0) => new MambaDtWeightAction(dtScale);
}
