using System;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Engine;

/// <summary>One-sample Kolmogorov–Smirnov test for the engine's distribution tests on tensors: D = sup |F_n − F|
/// computed by libtorch, the p-value by <see cref="Statistics.KolmogorovSmirnov.PValue"/>.</summary>
internal static class EngineKs
{
    /// <summary>p-value of the sample (any float tensor) against the CDF, which maps a float64 tensor elementwise.</summary>
    internal static double PValue(Tensor sample, Func<Tensor, Tensor> cdf)
    {
        using var scope = NewDisposeScope();
        var x = sample.detach().cpu().to(ScalarType.Float64).flatten().sort().Values;
        long n = x.numel();
        var f = cdf(x);
        var i = arange(1, n + 1, ScalarType.Float64);
        double dPlus = (i / n - f).max().item<double>();
        double dMinus = (f - (i - 1) / n).max().item<double>();
        // The statistic on tensors (engine samples are large); the p-value from the one KS implementation.
        return Statistics.KolmogorovSmirnov.PValue(Math.Max(dPlus, dMinus), checked((int)n));
    }

    internal static Tensor NormalCdf(Tensor x, double mean = 0, double std = 1) => ((x - mean) / (std * Math.Sqrt(2.0))).erf().add(1).mul(0.5);

    internal static Tensor UniformCdf(Tensor x, double a, double b) => ((x - a) / (b - a)).clamp(0, 1);

    internal static Tensor TruncNormalCdf(Tensor x, double mean, double std, double a, double b)
    {
        double lo = Phi((a - mean) / std), hi = Phi((b - mean) / std);
        return ((NormalCdf(x, mean, std) - lo) / (hi - lo)).clamp(0, 1);
    }

    internal static double Phi(double z)
    {
        using var t = tensor(z / Math.Sqrt(2.0), ScalarType.Float64);
        using var e = t.erf();
        return 0.5 * (1 + e.item<double>());
    }

    internal static void AssertFits(Tensor sample, Func<Tensor, Tensor> cdf, string what)
    {
        double p = PValue(sample, cdf);
        Assert.True(p > 1e-4, $"{what}: KS p = {p:G3}");
    }
}
