using System;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Sampling;
using static TorchSharp.torch;

namespace WeightInit.Schemes;

/// <summary>PyTorch's <c>trunc_normal_(mean=0, std=1, a=-2, b=2)</c>: N(mean, std²) truncated to [a, b] (absolute
/// bounds, not in units of std), drawn by the inverse CDF as PyTorch ≤ 2.11 does.</summary>
public sealed record TruncNormalScheme : InitScheme
{
    public TruncNormalScheme(double mean = 0.0, double std = 1.0, double a = -2.0, double b = 2.0)
    {
        Mean = Check.Finite(mean, nameof(mean));
        Std = Check.Positive(std, nameof(std));
        A = Check.Finite(a, nameof(a));
        B = Check.Finite(b, nameof(b));
        if (b <= a) throw new ArgumentException($"trunc_normal_ expects a < b, but found a={Check.Num(a)}, b={Check.Num(b)}", nameof(b));
    }

    public double Mean { get; }
    public double Std { get; }
    public double A { get; }
    public double B { get; }
    public override string Name => "trunc_normal_";
    internal override object[] Values => new object[] { Mean, Std, A, B };

    /// <summary>Bounds beyond the dtype's range are clamped to it (no value can lie beyond); bounds that miss the
    /// range, or a mean or std·√2 too large for the arithmetic, are errors.</summary>
    private protected override void ValidateValues(long[] shape, ScalarType dtype) => SchemeDraws.CheckTruncNormal(Name, Mean, Std, A, B, dtype);

    internal override double MaxAbs(long[] shape, ScalarType dtype)
    {
        var (a, b) = SchemeDraws.TruncBounds(A, B, dtype);
        return Math.Max(Math.Abs(a), Math.Abs(b));
    }

    private protected override void Write(Tensor tensor, RandomSource source) => SchemeDraws.TruncNormal(tensor, Mean, Std, A, B, source);
}
