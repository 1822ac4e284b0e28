using System;
using WeightInit.Sampling;

namespace WeightInit.Schemes;

/// <summary>He/Kaiming (2015): std = calculate_gain(nonlinearity, a) / sqrt(fan), fan chosen by mode.
/// PyTorch's <c>kaiming_uniform_</c> and <c>kaiming_normal_</c>, defaults a=0, fan_in, leaky_relu.</summary>
public sealed record KaimingScheme : VarianceScalingFamily
{
    /// <summary>Kaiming with PyTorch's arguments.</summary>
    /// <param name="a">The negative slope of the leaky ReLU that follows.</param>
    /// <param name="mode"><c>"fan_in"</c> or <c>"fan_out"</c>.</param>
    /// <param name="nonlinearity">calculate_gain's nonlinearity.</param>
    /// <param name="distribution">Uniform or Normal.</param>
    /// <exception cref="System.ArgumentException">An unsupported mode or nonlinearity, a non-finite slope, or TruncatedNormal.</exception>
    public KaimingScheme(double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu",
        Distribution distribution = Distribution.Uniform)
    {
        A = Check.Finite(a, nameof(a));
        Mode = Fans.ParseMode(mode, FanMode.FanIn, FanMode.FanOut);
        Nonlinearity = Gain.CheckNonlinearity(nonlinearity);
        if (distribution == Distribution.TruncatedNormal)
            throw new ArgumentException("kaiming takes uniform or normal; use variance_scaling_ for truncated_normal", nameof(distribution));
        Distribution = distribution;
    }

    /// <summary>The same with the mode as a <see cref="FanMode"/>, as <see cref="VarianceScalingScheme"/> takes it;
    /// Kaiming knows only <see cref="FanMode.FanIn"/> and <see cref="FanMode.FanOut"/> (PyTorch's two modes).</summary>
    public KaimingScheme(double a, FanMode mode, string nonlinearity = "leaky_relu", Distribution distribution = Distribution.Uniform)
        : this(a, mode is FanMode.FanIn or FanMode.FanOut ? Fans.Name(mode)
            : throw new ArgumentException($"Mode {mode} not supported, please use one of [FanIn, FanOut]", nameof(mode)), nonlinearity, distribution) { }

    /// <summary>Negative slope of the leaky ReLU that follows (PyTorch passes it to calculate_gain as its param).</summary>
    public double A { get; }
    /// <summary>Which fan divides the variance.</summary>
    public FanMode Mode { get; }
    /// <summary>calculate_gain's nonlinearity.</summary>
    public string Nonlinearity { get; }
    /// <inheritdoc/>
    public override Distribution Distribution { get; }
    /// <inheritdoc/>
    public override string Name => Distribution == Distribution.Uniform ? "kaiming_uniform_" : "kaiming_normal_";
    internal override object[] Values => new object[] { A, Fans.Name(Mode), Nonlinearity };

    /// <inheritdoc/>
    public override double Std(long fanIn, long fanOut) =>
        Gain.Calculate(Nonlinearity, A) / Math.Sqrt(Fans.Select(Mode, fanIn, fanOut));
}
