using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using WeightInit.Tests.Statistics;
using Xunit;
using static TorchSharp.torch;
using KS = WeightInit.Tests.Statistics.KolmogorovSmirnov;

namespace WeightInit.Tests;

/// <summary>
/// Every random scheme draws from the distribution it promises, checked as PyTorch's test_init.py does: a one-sample
/// Kolmogorov-Smirnov test with p > 1e-4, over 1-D to 5-D shapes with odd sizes and parameters drawn at random
/// (System.Random with a fixed seed, so a failure reproduces). The expected std of every scheme is written out here
/// from its paper/PyTorch formula, not taken from the library. Every draw passes its own Generator, so this class
/// does not touch the global generator and runs in parallel with the others.
/// </summary>
public class DistributionTests
{
    /// <summary>Weight shapes of a few thousand elements: linear (tall, wide), conv1d/2d/3d, odd sizes.</summary>
    static readonly long[][] WeightShapes =
    {
        new long[] { 48, 41 }, new long[] { 37, 60 }, new long[] { 17, 9, 13 },
        new long[] { 21, 11, 3, 3 }, new long[] { 64, 3, 5, 5 }, new long[] { 6, 7, 3, 5, 5 },
    };

    /// <summary>Shapes for the schemes that take any shape (uniform_, normal_, trunc_normal_): 1-D as well.</summary>
    static readonly long[][] AnyShapes = WeightShapes.Append(new long[] { 2003 }).ToArray();

    public static TheoryData<int> Seeds => new() { 11, 22, 33 };

    [Theory, MemberData(nameof(Seeds))]
    public void Uniform(int seed)
    {
        var rng = new Random(seed);
        foreach (var (shape, k) in AnyShapes.Select((s, i) => (s, i)))
        {
            double a = Between(rng, -3, 3), b = a + Between(rng, 1, 5);
            double[] x = Draw(shape, Gen(seed, k), (t, g) => t.uniform_(a, b, g));
            AssertKs(x, KS.UniformCdf(a, b), $"uniform_({a}, {b}) {Show(shape)}");
        }
    }

    [Theory, MemberData(nameof(Seeds))]
    public void Normal(int seed)
    {
        var rng = new Random(seed);
        foreach (var (shape, k) in AnyShapes.Select((s, i) => (s, i)))
        {
            double mean = Between(rng, -3, 3), std = Between(rng, 0.05, 5);
            double[] x = Draw(shape, Gen(seed, k), (t, g) => t.normal_(mean, std, g));
            AssertKs(x, KS.NormalCdf(mean, std), $"normal_({mean}, {std}) {Show(shape)}");
        }
    }

    [Theory]
    [InlineData(11, ScalarType.Float32)]
    [InlineData(22, ScalarType.Float32)]
    [InlineData(33, ScalarType.Float64)]
    public void TruncNormal(int seed, ScalarType dtype)
    {
        // PyTorch's test_trunc_normal_all_dtypes: random mean/std, a below and b above the mean within 2 std.
        var rng = new Random(seed);
        foreach (var (shape, k) in AnyShapes.Select((s, i) => (s, i)))
        {
            double mean = Between(rng, -3, 3), std = Between(rng, 0.01, 1);
            double a = Between(rng, mean - 2 * std, mean), b = Between(rng, mean, mean + 2 * std);
            double[] x = Draw(shape, Gen(seed, k), (t, g) => t.trunc_normal_(mean, std, a, b, g), dtype);
            string what = $"trunc_normal_({mean}, {std}, {a}, {b}) {Show(shape)} {dtype}";
            AssertWithin(x, RoundTo(a, dtype), RoundTo(b, dtype), what);
            AssertKs(x, KS.TruncatedNormalCdf(mean, std, a, b), what);
        }
    }

    [Theory]
    [InlineData(2.0, 3.0)]    // narrow, in the upper tail (PyTorch's test_trunc_normal_narrow_interval)
    [InlineData(-4.0, -2.5)]  // narrow, in the lower tail
    [InlineData(-0.3, 0.2)]   // narrow around the mean: nearly uniform
    [InlineData(-8.0, 8.0)]   // wide: nearly untruncated
    public void TruncNormalOnNarrowAndWideIntervals(double a, double b)
    {
        double[] x = Draw(new long[] { 4000 }, 5, (t, g) => t.trunc_normal_(0, 1, a, b, g));
        AssertWithin(x, a, b, $"trunc_normal_(0, 1, {a}, {b})");
        AssertKs(x, KS.TruncatedNormalCdf(0, 1, a, b), $"trunc_normal_(0, 1, {a}, {b})");
    }

    [Theory, MemberData(nameof(Seeds))]
    public void XavierUniform(int seed)
    {
        var rng = new Random(seed);
        foreach (var (shape, k) in WeightShapes.Select((s, i) => (s, i)))
        {
            double gain = k == 0 ? 1.0 : Between(rng, 0.1, 2);
            var (fanIn, fanOut) = FansOf(shape);
            double bound = Math.Sqrt(3) * gain * Math.Sqrt(2.0 / (fanIn + fanOut));
            double[] x = Draw(shape, Gen(seed, k), (t, g) => t.xavier_uniform_(gain, g));
            AssertKs(x, KS.UniformCdf(-bound, bound), $"xavier_uniform_(gain={gain}) {Show(shape)}");
        }
    }

    [Theory, MemberData(nameof(Seeds))]
    public void XavierNormal(int seed)
    {
        var rng = new Random(seed);
        foreach (var (shape, k) in WeightShapes.Select((s, i) => (s, i)))
        {
            double gain = k == 0 ? 1.0 : Between(rng, 0.1, 2);
            var (fanIn, fanOut) = FansOf(shape);
            double std = gain * Math.Sqrt(2.0 / (fanIn + fanOut));
            double[] x = Draw(shape, Gen(seed, k), (t, g) => t.xavier_normal_(gain, g));
            AssertKs(x, KS.NormalCdf(0, std), $"xavier_normal_(gain={gain}) {Show(shape)}");
        }
    }

    public static IEnumerable<object[]> KaimingCases() =>
        from seed in new[] { 11, 22 }
        from mode in new[] { "fan_in", "fan_out" }
        from nonlinearity in new[] { "leaky_relu", "relu", "tanh", "linear" }
        select new object[] { seed, mode, nonlinearity };

    [Theory, MemberData(nameof(KaimingCases))]
    public void KaimingUniform(int seed, string mode, string nonlinearity)
    {
        var rng = new Random(seed);
        foreach (var (shape, k) in WeightShapes.Select((s, i) => (s, i)))
        {
            double a = k == 0 ? 0 : Between(rng, 0.1, 2);
            double bound = Math.Sqrt(3) * KaimingStd(shape, a, mode, nonlinearity);
            double[] x = Draw(shape, Gen(seed, k), (t, g) => t.kaiming_uniform_(a, mode, nonlinearity, g));
            AssertKs(x, KS.UniformCdf(-bound, bound), $"kaiming_uniform_(a={a}, {mode}, {nonlinearity}) {Show(shape)}");
        }
    }

    [Theory, MemberData(nameof(KaimingCases))]
    public void KaimingNormal(int seed, string mode, string nonlinearity)
    {
        var rng = new Random(seed);
        foreach (var (shape, k) in WeightShapes.Select((s, i) => (s, i)))
        {
            double a = k == 0 ? 0 : Between(rng, 0.1, 2);
            double std = KaimingStd(shape, a, mode, nonlinearity);
            double[] x = Draw(shape, Gen(seed, k), (t, g) => t.kaiming_normal_(a, mode, nonlinearity, g));
            AssertKs(x, KS.NormalCdf(0, std), $"kaiming_normal_(a={a}, {mode}, {nonlinearity}) {Show(shape)}");
        }
    }

    [Theory, MemberData(nameof(Seeds))]
    public void LecunUniform(int seed)
    {
        foreach (var (shape, k) in WeightShapes.Select((s, i) => (s, i)))
        {
            double bound = Math.Sqrt(3.0 / FansOf(shape).FanIn);
            double[] x = Draw(shape, Gen(seed, k), (t, g) => t.lecun_uniform_(g));
            AssertKs(x, KS.UniformCdf(-bound, bound), $"lecun_uniform_ {Show(shape)}");
        }
    }

    [Theory, MemberData(nameof(Seeds))]
    public void LecunNormal(int seed)
    {
        foreach (var (shape, k) in WeightShapes.Select((s, i) => (s, i)))
        {
            double std = 1.0 / Math.Sqrt(FansOf(shape).FanIn);
            double[] x = Draw(shape, Gen(seed, k), (t, g) => t.lecun_normal_(g));
            AssertKs(x, KS.NormalCdf(0, std), $"lecun_normal_ {Show(shape)}");
        }
    }

    public static IEnumerable<object[]> VarianceScalingCases() =>
        from seed in new[] { 11, 22 }
        from mode in new[] { "fan_in", "fan_out", "fan_avg", "fan_geo_avg" }
        from distribution in new[] { "truncated_normal", "normal", "uniform" }
        select new object[] { seed, mode, distribution };

    [Theory, MemberData(nameof(VarianceScalingCases))]
    public void VarianceScaling(int seed, string mode, string distribution)
    {
        var rng = new Random(seed);
        foreach (var (shape, k) in WeightShapes.Select((s, i) => (s, i)))
        {
            double scale = k == 0 ? 1.0 : Between(rng, 0.1, 3);
            var (fanIn, fanOut) = FansOf(shape);
            double n = mode switch
            {
                "fan_in" => fanIn,
                "fan_out" => fanOut,
                "fan_avg" => (fanIn + fanOut) / 2.0,
                _ => Math.Sqrt((double)fanIn * fanOut),
            };
            double variance = scale / n, std = Math.Sqrt(variance);
            double[] x = Draw(shape, Gen(seed, k), (t, g) => t.variance_scaling_(scale, mode, distribution, g));
            string what = $"variance_scaling_({scale}, {mode}, {distribution}) {Show(shape)}";
            switch (distribution)
            {
                case "truncated_normal":
                    // JAX: sigma = std / 0.8796..., cut at ±2 sigma, which brings the variance back to scale / n.
                    double sigma = std / TruncatedStdAtTwo;
                    AssertWithin(x, -2 * sigma * (1 + 1e-6), 2 * sigma * (1 + 1e-6), what);
                    AssertKs(x, KS.TruncatedNormalCdf(0, sigma, -2 * sigma, 2 * sigma), what);
                    break;
                case "normal":
                    AssertKs(x, KS.NormalCdf(0, std), what);
                    break;
                default:
                    double bound = Math.Sqrt(3 * variance);
                    AssertKs(x, KS.UniformCdf(-bound, bound), what);
                    break;
            }
            // Every distribution has the variance scale / n. The sample variance of ~2000-5000 values has a
            // relative standard error under 3 %, so 12 % is a 4-sigma band.
            double sampleVariance = x.Select(v => v * v).Average();
            Assert.True(Math.Abs(sampleVariance / variance - 1) < 0.12,
                $"{what}: sample variance {sampleVariance:G6}, expected {variance:G6}");
        }
    }

    /// <summary>JAX's constant 0.87962566103423978 is the std of a standard normal truncated to [-2, 2]:
    /// Var = 1 - 2·2·φ(2) / (Φ(2) - Φ(-2)), computed with the helper's own erf.</summary>
    [Fact]
    public void TruncationConstantIsTheStdOfTheStandardNormalTruncatedAtTwo()
    {
        double mass = KS.StandardNormalCdf(2) - KS.StandardNormalCdf(-2);
        double variance = 1 - 4 * KS.StandardNormalPdf(2) / mass;
        Assert.Equal(TruncatedStdAtTwo, Math.Sqrt(variance), 14);
    }

    [Theory, MemberData(nameof(Seeds))]
    public void SparseNonZeroPartIsNormal(int seed)
    {
        // The entries sparse_ does not zero are N(0, std²); PyTorch's test_sparse_default_std.
        var rng = new Random(seed);
        foreach (var (shape, k) in new[] { new long[] { 60, 50 }, new long[] { 45, 71 }, new long[] { 97, 33 } }.Select((s, i) => (s, i)))
        {
            double sparsity = Between(rng, 0.1, 0.5);
            double std = k == 0 ? 0.01 : Between(rng, 0.01, 0.2);
            double[] x = Draw(shape, Gen(seed, k), (t, g) => t.sparse_(sparsity, std, g));
            double[] nonZero = x.Where(v => v != 0).ToArray();
            long expectedNonZero = shape[1] * (shape[0] - (long)Math.Ceiling(sparsity * shape[0]));
            Assert.Equal(expectedNonZero, nonZero.Length);
            AssertKs(nonZero, KS.NormalCdf(0, std), $"sparse_({sparsity}, std={std}) {Show(shape)}");
        }
    }

    [Fact]
    public void KsTellsTheSchemesApart()
    {
        // The checks above can fail: the same draws are rejected against a neighbouring scheme's distribution.
        long[] shape = { 64, 3, 5, 5 };
        var (fanIn, fanOut) = FansOf(shape);
        double[] kaiming = Draw(shape, 7, (t, g) => t.kaiming_normal_(0, "fan_in", "relu", g));
        double[] xavier = Draw(shape, 7, (t, g) => t.xavier_uniform_(1.0, g));
        double xavierStd = Math.Sqrt(2.0 / (fanIn + fanOut));
        Assert.True(KS.Test(kaiming, KS.NormalCdf(0, xavierStd)).P < 1e-10, "kaiming_normal_ passed as xavier_normal_");
        Assert.True(KS.Test(kaiming, KS.NormalCdf(0, Math.Sqrt(2.0 / fanOut))).P < 1e-10, "fan_in passed as fan_out");
        double b = Math.Sqrt(3) * xavierStd;
        Assert.True(KS.Test(xavier, KS.NormalCdf(0, xavierStd)).P < 1e-10, "xavier_uniform_ passed as normal");
        Assert.True(KS.Test(xavier, KS.UniformCdf(-1.3 * b, 1.3 * b)).P < 1e-10, "a 30 % wrong gain passed");
    }

    // ---- helpers ----

    const double TruncatedStdAtTwo = 0.87962566103423978;

    static double Between(Random rng, double a, double b) => a + (b - a) * rng.NextDouble();

    static ulong Gen(int seed, int k) => (ulong)(seed * 1000 + k);

    static string Show(long[] shape) => $"({string.Join(", ", shape)})";

    static (long FanIn, long FanOut) FansOf(long[] shape)
    {
        long receptive = 1;
        for (int i = 2; i < shape.Length; i++) receptive *= shape[i];
        return (shape[1] * receptive, shape[0] * receptive);
    }

    static double KaimingStd(long[] shape, double a, string mode, string nonlinearity)
    {
        var (fanIn, fanOut) = FansOf(shape);
        double gain = nonlinearity switch
        {
            "leaky_relu" => Math.Sqrt(2.0 / (1 + a * a)),
            "relu" => Math.Sqrt(2.0),
            "tanh" => 5.0 / 3,
            _ => 1.0,
        };
        return gain / Math.Sqrt(mode == "fan_in" ? fanIn : fanOut);
    }

    /// <summary>Fills a fresh tensor with a Generator(seed) and returns its values as doubles.</summary>
    internal static double[] Draw(long[] shape, ulong seed, Func<Tensor, Generator, Tensor> init, ScalarType dtype = ScalarType.Float32)
    {
        using var scope = NewDisposeScope();
        using var g = new Generator(seed);
        var t = empty(shape, dtype);
        init(t, g);
        return t.to_type(ScalarType.Float64).contiguous().data<double>().ToArray();
    }

    /// <summary>A bound as the tensor holds it (clamp_ rounds its bounds to the tensor's dtype).</summary>
    static double RoundTo(double v, ScalarType dtype) => dtype == ScalarType.Float32 ? (float)v : v;

    static void AssertWithin(double[] x, double lo, double hi, string what)
    {
        Assert.True(x.All(double.IsFinite), $"{what}: non-finite values");
        Assert.True(x.Min() >= lo && x.Max() <= hi, $"{what}: values in [{x.Min():R}, {x.Max():R}], outside [{lo:R}, {hi:R}]");
    }

    static void AssertKs(double[] x, Func<double, double> cdf, string what) => KsAssert.Fits(x, cdf, what);
}
