using System;
using WeightInit.Sampling;

namespace WeightInit.Schemes;

/// <summary>JAX's <c>variance_scaling(scale, mode, distribution)</c>: variance = scale / n with n = fan_in, fan_out,
/// their mean (fan_avg) or geometric mean (fan_geo_avg); truncated_normal divides the std by 0.87962566103423978 and
/// truncates at ±2 std so the truncated distribution has that variance.</summary>
public sealed record VarianceScalingScheme : VarianceScalingFamily
{
    /// <summary>JAX's variance_scaling with its argument names.</summary>
    /// <param name="scale">The variance scale.</param>
    /// <param name="mode"><c>"fan_in"</c>, <c>"fan_out"</c>, <c>"fan_avg"</c> or <c>"fan_geo_avg"</c>.</param>
    /// <param name="distribution"><c>"truncated_normal"</c>, <c>"normal"</c> or <c>"uniform"</c>.</param>
    /// <exception cref="System.ArgumentException">A scale that is not positive and finite, or an unknown mode or distribution.</exception>
    public VarianceScalingScheme(double scale = 1.0, string mode = "fan_in", string distribution = "truncated_normal")
    {
        Scale = Check.Positive(scale, nameof(scale));
        Mode = Fans.ParseMode(mode, FanMode.FanIn, FanMode.FanOut, FanMode.FanAvg, FanMode.FanGeoAvg);
        Distribution = ParseDistribution(distribution);
    }

    /// <summary>The same with typed mode and distribution.</summary>
    /// <param name="scale">The variance scale.</param>
    /// <param name="mode">Which fan divides the variance.</param>
    /// <param name="distribution">The distribution drawn from.</param>
    /// <exception cref="System.ArgumentException">A scale that is not positive and finite.</exception>
    public VarianceScalingScheme(double scale, FanMode mode, Distribution distribution)
        : this(scale, Fans.Name(mode), DistributionName(distribution)) { }

    /// <summary>The variance scale.</summary>
    public double Scale { get; }
    /// <summary>Which fan divides the variance.</summary>
    public FanMode Mode { get; }
    /// <inheritdoc/>
    public override Distribution Distribution { get; }
    /// <inheritdoc/>
    public override string Name => "variance_scaling_";
    internal override object[] Values => new object[] { Scale, Fans.Name(Mode), DistributionName(Distribution) };

    double Variance(long fanIn, long fanOut) => Scale / Fans.Select(Mode, fanIn, fanOut);
    /// <inheritdoc/>
    public override double Std(long fanIn, long fanOut) => Math.Sqrt(Variance(fanIn, fanOut));
    /// <inheritdoc/>
    public override double UniformBound(long fanIn, long fanOut) => Math.Sqrt(3.0 * Variance(fanIn, fanOut));

    internal static string DistributionName(Distribution d) => d switch
    {
        Distribution.TruncatedNormal => "truncated_normal",
        Distribution.Normal => "normal",
        _ => "uniform",
    };

    static Distribution ParseDistribution(string distribution)
    {
        ArgumentNullException.ThrowIfNull(distribution);
        foreach (var d in new[] { Distribution.TruncatedNormal, Distribution.Normal, Distribution.Uniform })
            if (string.Equals(DistributionName(d), distribution, StringComparison.OrdinalIgnoreCase)) return d;
        throw new ArgumentException(
            $"Distribution {distribution} not supported, please use one of ['truncated_normal', 'normal', 'uniform']", nameof(distribution));
    }
}
