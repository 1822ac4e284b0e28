using System;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Sampling;
using static TorchSharp.torch;

namespace WeightInit.Policy.Actions;

/// <summary><c>mamba_dt_bias(dt_min=0.001, dt_max=0.1, dt_init_floor=0.0001)</c>: Mamba's dt_proj bias, the inverse
/// softplus of dt drawn log-uniformly in [dt_min, dt_max] and floored at dt_init_floor, so softplus(bias) = dt
/// (mamba_ssm's Mamba.__init__).</summary>
public sealed record MambaDtBiasAction : InitAction
{
    /// <summary>dt log-uniform in [<paramref name="dtMin"/>, <paramref name="dtMax"/>], floored at <paramref name="dtInitFloor"/>.</summary>
    /// <param name="dtMin">The smallest initial dt.</param>
    /// <param name="dtMax">The largest initial dt.</param>
    /// <param name="dtInitFloor">The floor dt is clamped to.</param>
    /// <exception cref="System.ArgumentException">dt_min or dt_max is not positive, dt_init_floor is negative, or dt_min &gt; dt_max.</exception>
    public MambaDtBiasAction(double dtMin = 0.001, double dtMax = 0.1, double dtInitFloor = 1e-4)
    {
        DtMin = Check.Positive(dtMin, "dt_min");
        DtMax = Check.Positive(dtMax, "dt_max");
        DtInitFloor = Check.NonNegative(dtInitFloor, "dt_init_floor");
        if (dtMax < dtMin) throw new ArgumentException($"mamba_dt_bias needs dt_min <= dt_max, but found {Check.Num(dtMin)} > {Check.Num(dtMax)}");
    }

    /// <summary>The smallest initial dt.</summary>
    public double DtMin { get; }
    /// <summary>The largest initial dt.</summary>
    public double DtMax { get; }
    /// <summary>The floor dt is clamped to.</summary>
    public double DtInitFloor { get; }
    /// <inheritdoc/>
    public override bool Marks => true;

    /// <inheritdoc/>
    public override void Validate(ParameterSite site, long[] shape)
    {
        if (shape.Length != 1) throw new ArgumentException("mamba_dt_bias needs a 1-D dt_proj bias [d_inner]");
        Check.Floating(ToString(), site.DType, "tensor");
        if (!Schemes.InitScheme.HasElements(shape)) return;
        // dt = exp(U·(log dt_max − log dt_min) + log dt_min) in float32, floored, then dt + log(−expm1(−dt)): finite
        // while dt stays in float's normal range, and the result (at most dt) must fit the parameter.
        if (Math.Max(DtMin, DtInitFloor) < SmallestDt)
            throw new ArgumentException($"{this} draws dt in float32, where dt_min or dt_init_floor must be at least {Check.Num(SmallestDt)} " +
                $"(a smaller dt rounds to 0 and its inverse softplus is -inf), but found dt_min={Check.Num(DtMin)}, dt_init_floor={Check.Num(DtInitFloor)}");
        double largest = Math.Max(DtMax, DtInitFloor);
        if (largest > LargestDt)
            throw new ArgumentException($"{this} draws dt in float32, where dt_max and dt_init_floor must be at most {Check.Num(LargestDt)}, " +
                $"but found dt_max={Check.Num(DtMax)}, dt_init_floor={Check.Num(DtInitFloor)}");
        Check.Fits(ToString(), $"softplus⁻¹(dt) reaches max(dt_max, dt_init_floor) = {Check.Num(largest)}", largest, site.DType, "tensor");
    }

    const double SmallestDt = 1e-37, LargestDt = 1e38;

    // softplus⁻¹(dt) is at most dt, and at least log(1e-37) ≈ −85.2.
    internal override double MaxAbs(ParameterSite site, long[] shape) => Math.Max(Math.Max(DtMax, DtInitFloor), 86);

    /// <inheritdoc/>
    public override void Apply(Tensor target, ParameterSite site, RandomSource source)
    {
        using var scope = NewDisposeScope();
        using (no_grad())
        {
            var u = source.StandardUniform(target.shape, ScalarType.Float32, target);
            var dt = u.mul_(Math.Log(DtMax) - Math.Log(DtMin)).add_(Math.Log(DtMin)).exp_().clamp_(min: DtInitFloor);
            // inverse of softplus: dt + log(-expm1(-dt))
            var inv = dt + dt.neg().expm1().neg().log();
            target.copy_(inv);
        }
    }

    /// <inheritdoc/>
    public override string ToString() =>
        $"mamba_dt_bias(dt_min={Check.Num(DtMin)}, dt_max={Check.Num(DtMax)}, dt_init_floor={Check.Num(DtInitFloor)})";
}
