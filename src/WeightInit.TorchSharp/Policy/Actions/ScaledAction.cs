using System;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Internal;
using static TorchSharp.torch;

namespace WeightInit.Policy.Actions;

/// <summary><c>scaled(factor, action)</c>: the action, then multiply by factor — GPT-2's 1/sqrt(2·n_layer) on residual
/// output projections, Mamba's 1/sqrt(n_residuals·n_layer) on out_proj.</summary>
public sealed record ScaledAction : InitAction
{
    public ScaledAction(double factor, InitAction inner)
    {
        Factor = Check.Finite(factor, nameof(factor));
        Inner = inner ?? throw new ArgumentNullException(nameof(inner));
        if (inner.IsKeep) throw new ArgumentException("scaled(keep) is meaningless; use keep", nameof(inner));
    }

    public double Factor { get; }
    public InitAction Inner { get; }
    public override bool Marks => Inner.Marks;
    public override void Validate(ParameterSite site, long[] shape) => Inner.Validate(site, shape);

    public override void Apply(Tensor target, ParameterSite site, RandomSource source)
    {
        Inner.Apply(target, site, source);
        using (no_grad()) target.mul_(Factor);
    }

    public override string ToString() => $"scaled({Check.Num(Factor)}, {Inner})";
}
