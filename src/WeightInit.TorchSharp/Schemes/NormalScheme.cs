using TorchSharp;
using WeightInit.Engine;
using WeightInit.Sampling;
using static TorchSharp.torch;

namespace WeightInit.Schemes;

/// <summary>PyTorch's <c>normal_(mean=0, std=1)</c>: N(mean, std²).</summary>
public sealed record NormalScheme : InitScheme
{
    public NormalScheme(double mean = 0.0, double std = 1.0)
    {
        Mean = Check.Finite(mean, nameof(mean));
        Std = Check.NonNegative(std, nameof(std));
    }

    public double Mean { get; }
    public double Std { get; }
    public override string Name => "normal_";
    internal override object[] Values => new object[] { Mean, Std };
    private protected override void ValidateValues(long[] shape, ScalarType dtype) => SchemeDraws.CheckNormal(Name, Mean, Std, dtype);
    internal override double MaxAbs(long[] shape, ScalarType dtype) => SchemeDraws.NormalMaxAbs(Mean, Std);
    private protected override void Write(Tensor tensor, RandomSource source) => source.Normal(tensor, Mean, Std);
}
