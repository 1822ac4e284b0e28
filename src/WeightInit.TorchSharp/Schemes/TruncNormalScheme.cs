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
    /// <summary>N(<paramref name="mean"/>, <paramref name="std"/>²) truncated to [<paramref name="a"/>, <paramref name="b"/>].</summary>
    /// <param name="mean">The mean.</param>
    /// <param name="std">The standard deviation.</param>
    /// <param name="a">The lower bound (absolute).</param>
    /// <param name="b">The upper bound (absolute).</param>
    /// <exception cref="System.ArgumentException">A non-finite argument, a std that is not positive, or b &lt;= a.</exception>
    public TruncNormalScheme(double mean = 0.0, double std = 1.0, double a = -2.0, double b = 2.0)
    {
        Mean = Check.Finite(mean, nameof(mean));
        Std = Check.Positive(std, nameof(std));
        A = Check.Finite(a, nameof(a));
        B = Check.Finite(b, nameof(b));
        if (b <= a) throw new ArgumentException($"trunc_normal_ expects a < b, but found a={Check.Num(a)}, b={Check.Num(b)}", nameof(b));
    }

    /// <summary>The mean.</summary>
    public double Mean { get; }
    /// <summary>The standard deviation.</summary>
    public double Std { get; }
    /// <summary>The lower bound.</summary>
    public double A { get; }
    /// <summary>The upper bound.</summary>
    public double B { get; }
    /// <inheritdoc/>
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

    internal override bool DrawsOnce => true;
}
