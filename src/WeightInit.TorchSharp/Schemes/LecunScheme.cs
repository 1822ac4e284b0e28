using System;

namespace WeightInit.Schemes;

/// <summary>LeCun (1998), the init of self-normalizing (SELU) networks: std = 1 / sqrt(fan_in), plain normal or
/// uniform; the same as <c>kaiming_*_(nonlinearity='linear')</c>. Not in torch.nn.init; JAX's lecun_normal
/// truncates, which is <c>variance_scaling_(1, fan_in, truncated_normal)</c> here.</summary>
public sealed record LecunScheme : VarianceScalingFamily
{
    /// <summary>LeCun uniform or normal.</summary>
    /// <param name="distribution">Uniform or Normal.</param>
    /// <exception cref="System.ArgumentException">TruncatedNormal (use variance_scaling_).</exception>
    public LecunScheme(Distribution distribution = Distribution.Normal)
    {
        if (distribution == Distribution.TruncatedNormal)
            throw new ArgumentException("lecun takes uniform or normal; use variance_scaling_ for truncated_normal", nameof(distribution));
        Distribution = distribution;
    }

    /// <inheritdoc/>
    public override Distribution Distribution { get; }
    /// <inheritdoc/>
    public override string Name => Distribution == Distribution.Uniform ? "lecun_uniform_" : "lecun_normal_";
    internal override object[] Values => Array.Empty<object>();
    /// <inheritdoc/>
    public override double Std(long fanIn, long fanOut) => 1.0 / Math.Sqrt(fanIn);
    /// <inheritdoc/>
    public override double UniformBound(long fanIn, long fanOut) => Math.Sqrt(3.0 / fanIn);
}
