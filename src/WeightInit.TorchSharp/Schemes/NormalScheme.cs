using TorchSharp;
using WeightInit.Engine;
using WeightInit.Sampling;
using static TorchSharp.torch;

namespace WeightInit.Schemes;

/// <summary>PyTorch's <c>normal_(mean=0, std=1)</c>: N(mean, std²).</summary>
public sealed record NormalScheme : InitScheme
{
    /// <summary>N(<paramref name="mean"/>, <paramref name="std"/>²).</summary>
    /// <param name="mean">The mean.</param>
    /// <param name="std">The standard deviation.</param>
    /// <exception cref="System.ArgumentException">A non-finite mean, or a negative or non-finite std.</exception>
    public NormalScheme(double mean = 0.0, double std = 1.0)
    {
        Mean = Check.Finite(mean, nameof(mean));
        Std = Check.NonNegative(std, nameof(std));
    }

    /// <summary>The mean.</summary>
    public double Mean { get; }
    /// <summary>The standard deviation.</summary>
    public double Std { get; }
    /// <inheritdoc/>
    public override string Name => "normal_";
    internal override object[] Values => new object[] { Mean, Std };
    private protected override void ValidateValues(long[] shape, ScalarType dtype) => SchemeDraws.CheckNormal(Name, Mean, Std, dtype);
    internal override double MaxAbs(long[] shape, ScalarType dtype) => SchemeDraws.NormalMaxAbs(Mean, Std);
    private protected override void Write(Tensor tensor, RandomSource source) => source.Normal(tensor, Mean, Std);

    internal override bool DrawsOnce => true;
}
