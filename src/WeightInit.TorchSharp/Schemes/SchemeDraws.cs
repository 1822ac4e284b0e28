using System;
using TorchSharp;
using WeightInit.Sampling;
using WeightInit.Engine;
using static TorchSharp.torch;

namespace WeightInit.Schemes;

/// <summary>The draws every random scheme reduces to; the torch path is written exactly as PyTorch's init.py does them.
/// Here too the checks that keep every value finite: <see cref="CheckNormal"/>, <see cref="CheckTruncNormal"/>.</summary>
internal static class SchemeDraws
{
    /// <summary>JAX's correction: the std of a standard normal truncated to [-2, 2].</summary>
    internal const double TruncatedStdAtTwo = 0.87962566103423978;

    /// <summary>A bound on |z| of every standard normal drawn here: Box–Muller's radius √(−2 ln u) is at most
    /// √(2·64·ln 2) ≈ 9.42 for a uniform of up to 64 bits (libtorch's and the engine's have 24 or 53).</summary>
    internal const double NormalTail = 10;

    /// <summary>N(mean, std²) must fit the dtype: |mean| + 10·std at most its largest finite value (PyTorch has no
    /// check and writes inf).</summary>
    internal static void CheckNormal(string scheme, double mean, double std, ScalarType dtype) =>
        Check.Fits(scheme, $"|mean| + {NormalTail}·std must be at most that, but found mean={Check.Num(mean)}, std={Check.Num(std)}",
            NormalMaxAbs(mean, std), dtype, "tensor");

    internal static double NormalMaxAbs(double mean, double std) => Math.Abs(mean) + NormalTail * std;

    /// <summary>The truncated normal's bounds as drawn into <paramref name="dtype"/>: [a, b] clamped to its finite
    /// range (no value beyond it can be written; PyTorch's clamp_ would fail there after writing).</summary>
    internal static (double A, double B) TruncBounds(double a, double b, ScalarType dtype)
    {
        double max = Check.MaxFinite(dtype);
        return (Math.Max(a, -max), Math.Min(b, max));
    }

    /// <summary>What a truncated normal needs to give finite values in <paramref name="dtype"/>: [a, b] must meet
    /// its range, and mean and std·√2 must be finite in the dtype the values are computed in (float, or double for
    /// a double tensor): beyond, inf − inf or 0·inf gives NaN.</summary>
    internal static void CheckTruncNormal(string scheme, double mean, double std, double a, double b, ScalarType dtype)
    {
        double max = Check.MaxFinite(dtype);
        if (a > max || b < -max)
            throw new ArgumentException($"{scheme} expects [a, b] to meet the range of {Check.DTypeName(dtype)} " +
                $"([-{Check.Num(max)}, {Check.Num(max)}]), but found a={Check.Num(a)}, b={Check.Num(b)}", nameof(a));
        var math = Workspace.SamplingType(dtype);
        double mathMax = Check.MaxFinite(math);
        if (!(Math.Abs(mean) <= mathMax) || !(std * Math.Sqrt(2.0) <= mathMax))
            throw new ArgumentException($"{scheme} computes mean + std·√2·erfinv(p) in {Check.DTypeName(math)}, where mean and std·√2 " +
                $"must be finite (at most {Check.Num(mathMax)}), but found mean={Check.Num(mean)}, std={Check.Num(std)}", nameof(std));
    }

    /// <summary>N(mean, std²) truncated to [a, b] from any source, arguments checked by <see cref="CheckTruncNormal"/>.
    /// A std whose std·√2 rounds to 0 in the computing dtype (variance_scaling_ with a tiny scale) is a point mass:
    /// the mean, clamped, as a zero-std normal is its mean (the draw would give 0·inf = NaN at the bounds).</summary>
    internal static void TruncNormal(Tensor t, double mean, double std, double a, double b, RandomSource source)
    {
        (a, b) = TruncBounds(a, b, t.dtype);
        double scale = std * Math.Sqrt(2.0);
        bool vanishes = t.dtype == ScalarType.Float64 ? scale == 0 : (float)scale == 0;
        if (vanishes) t.fill_(Math.Clamp(mean, a, b));
        else source.TruncNormal(t, mean, std, a, b);
    }

    /// <summary>The checks of <see cref="ZeroMean"/> for this std (and uniform half-width).</summary>
    internal static void CheckZeroMean(string scheme, Distribution distribution, double std, double uniformBound, ScalarType dtype)
    {
        switch (distribution)
        {
            case Distribution.Uniform: Check.UniformBounds(-uniformBound, uniformBound, dtype, "tensor", "tensor"); break;
            case Distribution.Normal: CheckNormal(scheme, 0, std, dtype); break;
            default:
                double s = std / TruncatedStdAtTwo;
                CheckTruncNormal(scheme, 0, s, -2.0 * s, 2.0 * s, dtype);
                break;
        }
    }

    /// <summary>The largest |value| <see cref="ZeroMean"/> writes.</summary>
    internal static double ZeroMeanMaxAbs(Distribution distribution, double std, double uniformBound, ScalarType dtype) => distribution switch
    {
        Distribution.Uniform => uniformBound,
        Distribution.Normal => NormalMaxAbs(0, std),
        _ => Math.Min(2.0 * std / TruncatedStdAtTwo, Check.MaxFinite(dtype)),
    };

    /// <summary>Zero-mean draw with the given std in the given distribution family (variance-scaling schemes).</summary>
    internal static void ZeroMean(Tensor t, Distribution distribution, double std, double uniformBound, RandomSource source)
    {
        switch (distribution)
        {
            case Distribution.Uniform: source.Uniform(t, -uniformBound, uniformBound); break;
            case Distribution.Normal: source.Normal(t, 0, std); break;
            default:
                double s = std / TruncatedStdAtTwo;
                TruncNormal(t, 0.0, s, -2.0 * s, 2.0 * s, source);
                break;
        }
    }
}
