using System;
using System.Diagnostics.CodeAnalysis;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Sampling;
using static TorchSharp.torch;

namespace WeightInit.Policy.Actions;

/// <summary><c>scaled(factor, action)</c>: the action, then multiply by factor — GPT-2's 1/sqrt(2·n_layer) on residual
/// output projections, Mamba's 1/sqrt(n_residuals·n_layer) on out_proj.</summary>
public sealed record ScaledAction : InitAction
{
    /// <summary><paramref name="inner"/>, then times <paramref name="factor"/>.</summary>
    /// <param name="factor">The factor.</param>
    /// <param name="inner">The action scaled.</param>
    /// <exception cref="System.ArgumentException"><paramref name="factor"/> is not finite, or <paramref name="inner"/> is keep.</exception>
    /// <exception cref="System.ArgumentNullException"><paramref name="inner"/> is null.</exception>
    public ScaledAction(double factor, InitAction inner)
    {
        Factor = Check.Finite(factor, nameof(factor));
        Inner = inner ?? throw new ArgumentNullException(nameof(inner));
        if (inner.IsKeep) throw new ArgumentException("scaled(keep) is meaningless; use keep", nameof(inner));
    }

    /// <summary>The factor.</summary>
    public double Factor { get; }
    /// <summary>The action scaled.</summary>
    public InitAction Inner { get; }
    /// <inheritdoc/>
    public override bool Marks => Inner.Marks;
    /// <summary>The inner action's checks, then the product's: |factor| must be finite in the dtype the product is
    /// computed in (float, or double for a double parameter; 0·inf would be NaN), and |factor| times the largest
    /// value the inner action writes, with 1% for rounding, must fit the parameter's dtype (skipped when the inner
    /// action is a user one that gives no bound).</summary>
    [SuppressMessage("Usage", "CA2208", Justification = "Names the factor of scaled(factor, ...), the action's text.")]
    public override void Validate(ParameterSite site, long[] shape)
    {
        Inner.Validate(site, shape);
        if (!Schemes.InitScheme.HasElements(shape)) return;
        var math = Workspace.SamplingType(site.DType);
        double f = Math.Abs(Factor);
        if (!(f <= Check.MaxFinite(math)))
            throw new ArgumentException($"scaled({Check.Num(Factor)}, ...) multiplies in {Check.DTypeName(math)}, whose largest finite value is " +
                $"{Check.Num(Check.MaxFinite(math))}", "factor");
        double inner = Inner.MaxAbs(site, shape);
        if (double.IsNaN(inner)) return; // a user action or scheme that gives no bound: the product cannot be checked
        Check.Fits(ToString(), $"|factor| · {Check.Num(inner)} (the largest value of {Inner}) must be at most that", f * inner * 1.01, site.DType, "tensor");
    }

    internal override double MaxAbs(ParameterSite site, long[] shape) => Math.Abs(Factor) * Inner.MaxAbs(site, shape);

    /// <inheritdoc/>
    public override void Apply(Tensor target, ParameterSite site, RandomSource source)
    {
        if (source is CounterStream stream && Inner is SchemeAction { Scheme.DrawsOnce: true })
        {
            // One pass: the engine's kernel multiplies each value as it makes it, with the bits of the two passes.
            var multiplication = new CounterStream.Multiplication(Factor);
            Inner.Apply(target, site, stream.MultipliedBy(multiplication));
            if (multiplication.Done) return;
        }
        else Inner.Apply(target, site, source);
        using (no_grad()) target.mul_(Factor);
    }

    /// <inheritdoc/>
    public override string ToString() => $"scaled({Check.Num(Factor)}, {Inner})";
}
