using System;
using TorchSharp;
using WeightInit.Engine;
using static TorchSharp.torch;

namespace WeightInit.Internal;

/// <summary>The draws every random scheme reduces to; the torch path is written exactly as PyTorch's init.py does them.</summary>
internal static class Sampling
{
    /// <summary>JAX's correction: the std of a standard normal truncated to [-2, 2].</summary>
    internal const double TruncatedStdAtTwo = 0.87962566103423978;

    /// <summary>PyTorch's <c>_no_grad_trunc_normal_</c>: inverse-CDF sampling of N(mean, std²) truncated to [a, b].</summary>
    internal static void TruncNormal(Tensor t, double mean, double std, double a, double b, Generator? generator)
    {
        double l = NormCdf((a - mean) / std), u = NormCdf((b - mean) / std);
        t.uniform_(2 * l - 1, 2 * u - 1, generator);
        t.erfinv_();
        t.mul_(std * Math.Sqrt(2.0));
        t.add_(mean);
        t.clamp_(a, b);
    }

    /// <summary>Zero-mean draw with the given std in the given distribution family (variance-scaling schemes).</summary>
    internal static void ZeroMean(Tensor t, Distribution distribution, double std, double uniformBound, RandomSource source)
    {
        switch (distribution)
        {
            case Distribution.Uniform: source.Uniform(t, -uniformBound, uniformBound); break;
            case Distribution.Normal: source.Normal(t, 0, std); break;
            default:
                double s = std / TruncatedStdAtTwo;
                source.TruncNormal(t, 0.0, s, -2.0 * s, 2.0 * s);
                break;
        }
    }

    internal static double NormCdf(double x) => (1.0 + Erf(x / Math.Sqrt(2.0))) / 2.0;

    /// <summary>erf in double precision. .NET has none; libtorch's CPU kernel is the C library's, as Python's math.erf.</summary>
    internal static double Erf(double x)
    {
        using var t = tensor(x, ScalarType.Float64);
        using var e = t.erf();
        return e.item<double>();
    }
}
