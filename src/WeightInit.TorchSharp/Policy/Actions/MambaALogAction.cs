using System;
using TorchSharp;
using WeightInit.Sampling;
using WeightInit.Engine;
using static TorchSharp.torch;

namespace WeightInit.Policy.Actions;

/// <summary><c>mamba_a_log()</c>: S4D-real initialization of a selective SSM's A_log [d_inner, d_state]:
/// log(1, 2, ..., d_state) in every row, so A = -exp(A_log) = -(1..d_state) (Gu et al., 2022; mamba_ssm).</summary>
public sealed record MambaALogAction : InitAction
{
    /// <inheritdoc/>
    public override bool Marks => true;

    /// <inheritdoc/>
    public override void Validate(ParameterSite site, long[] shape)
    {
        if (shape.Length is < 1 or > 2) throw new ArgumentException("mamba_a_log needs A_log of shape [d_inner, d_state] or [d_state]");
        Sampling.Check.Floating(ToString(), site.DType, "tensor");
    }

    // log(d_state) fits every floating dtype.
    internal override double MaxAbs(ParameterSite site, long[] shape) => shape.Length == 0 ? 0 : Math.Log(Math.Max(1, shape[^1]));

    /// <inheritdoc/>
    public override void Apply(Tensor target, ParameterSite site, RandomSource source)
    {
        long dState = target.shape[^1];
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            var row = arange(1, dState + 1, ScalarType.Float64, device: CPU).log_();
            target.copy_(row.expand(target.shape));
        }
    }

    /// <inheritdoc/>
    public override string ToString() => "mamba_a_log()";
}
