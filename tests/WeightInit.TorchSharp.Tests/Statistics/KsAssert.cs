using System;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Statistics;

/// <summary>The one KS assertion of the tests: the sample fits the CDF with p above <see cref="MinP"/>, through
/// <see cref="KolmogorovSmirnov"/> (statistic, p-value and CDFs in double, none of them from libtorch).</summary>
internal static class KsAssert
{
    /// <summary>PyTorch's test_init.py threshold.</summary>
    internal const double MinP = 1e-4;

    internal static void Fits(double[] sample, Func<double, double> cdf, string what)
    {
        var (d, p) = KolmogorovSmirnov.Test(sample, cdf);
        Assert.True(p > MinP, $"{what}: KS D={d:G4}, p={p:G3} over {sample.Length} values");
    }

    /// <summary>Any floating tensor, on any device, as its float64 values.</summary>
    internal static void Fits(Tensor sample, Func<double, double> cdf, string what) => Fits(Values(sample), cdf, what);

    internal static double[] Values(Tensor t)
    {
        using var scope = NewDisposeScope();
        return t.detach().cpu().to(ScalarType.Float64).contiguous().flatten().data<double>().ToArray();
    }
}
