using System;
using WeightInit.Sampling;

namespace WeightInit.Schemes;

/// <summary>Glorot/Xavier (2010): std = gain·sqrt(2 / (fan_in + fan_out)). PyTorch's <c>xavier_uniform_</c> and
/// <c>xavier_normal_</c>; JAX's glorot_* are <c>variance_scaling_(gain², fan_avg, ...)</c>.</summary>
public sealed record XavierScheme : VarianceScalingFamily
{
    /// <summary>Xavier/Glorot uniform or normal.</summary>
    /// <param name="gain">The scaling factor.</param>
    /// <param name="distribution">Uniform or Normal.</param>
    /// <exception cref="System.ArgumentException">A negative or non-finite gain, or TruncatedNormal.</exception>
    public XavierScheme(double gain = 1.0, Distribution distribution = Distribution.Uniform)
    {
        Gain = Check.NonNegative(gain, "gain");
        if (distribution == Distribution.TruncatedNormal)
            throw new ArgumentException("xavier takes uniform or normal; use variance_scaling_ for truncated_normal", nameof(distribution));
        Distribution = distribution;
    }

    /// <summary>The scaling factor.</summary>
    public double Gain { get; }
    /// <inheritdoc/>
    public override Distribution Distribution { get; }
    /// <inheritdoc/>
    public override string Name => Distribution == Distribution.Uniform ? "xavier_uniform_" : "xavier_normal_";
    internal override object[] Values => new object[] { Gain };
    /// <inheritdoc/>
    public override double Std(long fanIn, long fanOut) => Gain * Math.Sqrt(2.0 / ((double)fanIn + fanOut)); // the sum in double: long can overflow
}
