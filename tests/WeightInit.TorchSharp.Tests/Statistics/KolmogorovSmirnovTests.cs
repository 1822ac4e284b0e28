using System;
using System.Linq;
using Xunit;
using static WeightInit.Tests.Statistics.KolmogorovSmirnov;

namespace WeightInit.Tests.Statistics;

/// <summary>The KS helper itself: erf against reference values, the Kolmogorov tail against known quantiles, and
/// the test's power (it must reject a wrong distribution, or every distribution test built on it is vacuous).
/// Samples come from System.Random, not libtorch, so these checks are independent of the library.</summary>
public class KolmogorovSmirnovTests
{
    // Reference values of erf/erfc (Abramowitz & Stegun table 7.1 / any CAS to 16 digits).
    [Theory]
    [InlineData(0.0, 0.0)]
    [InlineData(0.1, 0.1124629160182849)]
    [InlineData(0.5, 0.5204998778130465)]
    [InlineData(1.0, 0.8427007929497149)]
    [InlineData(1.5, 0.9661051464753108)]
    [InlineData(2.0, 0.9953222650189527)]
    [InlineData(2.5, 0.9995930479825550)]
    [InlineData(3.0, 0.9999779095030014)]
    [InlineData(-1.0, -0.8427007929497149)]
    public void ErfMatchesReferenceValues(double x, double expected) =>
        Assert.True(Math.Abs(Erf(x) - expected) < 1e-15, $"erf({x}) = {Erf(x):R}, expected {expected:R}");

    [Theory]
    [InlineData(2.0, 4.677734981047266e-03)]
    [InlineData(3.0, 2.209049699858544e-05)]
    [InlineData(5.0, 1.537459794428035e-12)]
    [InlineData(10.0, 2.088487583762545e-45)]
    public void ErfcKeepsRelativePrecisionInTheTail(double x, double expected) =>
        Assert.True(Math.Abs(Erfc(x) / expected - 1) < 1e-12, $"erfc({x}) = {Erfc(x):R}, expected {expected:R}");

    [Fact]
    public void ErfAgreesWithLibmOnAGrid()
    {
        // libtorch's float64 erf is the C library's; the two independent implementations must agree everywhere.
        double[] xs = Enumerable.Range(-600, 1201).Select(i => i / 100.0).ToArray();
        using var t = TorchSharp.torch.tensor(xs, TorchSharp.torch.ScalarType.Float64);
        using var e = t.erf();
        double[] libm = e.data<double>().ToArray();
        for (int i = 0; i < xs.Length; i++)
            Assert.True(Math.Abs(Erf(xs[i]) - libm[i]) < 1e-12, $"erf({xs[i]}): {Erf(xs[i]):R} vs libm {libm[i]:R}");
    }

    [Fact]
    public void StandardNormalCdfIsSymmetricAndKnown()
    {
        Assert.Equal(0.5, StandardNormalCdf(0), 15);
        Assert.True(Math.Abs(StandardNormalCdf(1.959963984540054) - 0.975) < 1e-13);
        Assert.True(Math.Abs(StandardNormalCdf(-1.5) + StandardNormalCdf(1.5) - 1) < 1e-15);
    }

    [Fact]
    public void KolmogorovTailMatchesKnownValues()
    {
        // Q(1) = 1 - 0.7300003283226454; Q(1.3581) ≈ 0.05 (the classical 5 % critical value); both branches meet at 1.18.
        Assert.True(Math.Abs(KolmogorovSurvival(1.0) - 0.2699996716773546) < 1e-10);
        Assert.True(Math.Abs(KolmogorovSurvival(1.358099) - 0.05) < 1e-5);
        Assert.True(Math.Abs(KolmogorovSurvival(1.18 - 1e-12) - KolmogorovSurvival(1.18 + 1e-12)) < 1e-10);
        Assert.Equal(1.0, KolmogorovSurvival(0));
        Assert.True(KolmogorovSurvival(5) < 1e-20);
    }

    [Fact]
    public void StatisticOfAPerfectGridIsHalfAStep()
    {
        // Midpoints (i + 0.5)/n against U(0,1): the empirical CDF misses F by exactly 1/(2n) on each side of each jump.
        const int n = 200;
        double[] x = Enumerable.Range(0, n).Select(i => (i + 0.5) / n).ToArray();
        Assert.Equal(0.5 / n, Statistic(x, UniformCdf(0, 1)), 12);
    }

    [Fact]
    public void AcceptsTheRightDistributions()
    {
        var rng = new Random(1234);
        double[] u = Enumerable.Range(0, 5000).Select(_ => -2 + 5 * rng.NextDouble()).ToArray();
        double[] z = Normals(rng, 5000, mean: 0.5, std: 2.0);
        Assert.True(Test(u, UniformCdf(-2, 3)).P > 1e-3);
        Assert.True(Test(z, NormalCdf(0.5, 2.0)).P > 1e-3);
        // Truncated normal by rejection, one bound in each position relative to the mean.
        Assert.True(Test(Truncated(rng, 5000, 0, 1, -2, 2), TruncatedNormalCdf(0, 1, -2, 2)).P > 1e-3);
        Assert.True(Test(Truncated(rng, 5000, 1, 0.5, 1.5, 2.5), TruncatedNormalCdf(1, 0.5, 1.5, 2.5)).P > 1e-3);
        Assert.True(Test(Truncated(rng, 5000, 0, 1, -3, -1), TruncatedNormalCdf(0, 1, -3, -1)).P > 1e-3);
    }

    [Fact]
    public void RejectsWrongDistributions()
    {
        var rng = new Random(99);
        double[] z = Normals(rng, 5000, 0, 1);
        // Normal samples against a uniform of the same variance.
        Assert.True(Test(z, UniformCdf(-Math.Sqrt(3), Math.Sqrt(3))).P < 1e-10);
        // The right family but a std 30 % off (a wrong gain), and a shifted mean.
        Assert.True(Test(z, NormalCdf(0, 1.3)).P < 1e-10);
        Assert.True(Test(z, NormalCdf(0.15, 1)).P < 1e-10);
        // Untruncated normal against the normal truncated at ±1.5 std (13 % of the mass outside; at ±2 std the 4.6 %
        // outside would need far more than 5000 samples to reach p < 1e-10).
        Assert.True(Test(z, TruncatedNormalCdf(0, 1, -1.5, 1.5)).P < 1e-10);
        // Uniform samples against a range 20 % too narrow.
        double[] u = Enumerable.Range(0, 5000).Select(_ => rng.NextDouble()).ToArray();
        Assert.True(Test(u, UniformCdf(0.1, 0.9)).P < 1e-10);
    }

    [Fact]
    public void CdfsStayInsideTheirSupport()
    {
        var tn = TruncatedNormalCdf(0, 1, 2, 3);
        Assert.Equal(0.0, tn(1.9));
        Assert.Equal(1.0, tn(3.1));
        Assert.True(tn(2.5) is > 0 and < 1);
        var un = UniformCdf(-1, 1);
        Assert.Equal(0.5, un(0));
        Assert.Equal(0.0, un(-5));
    }

    internal static double[] Normals(Random rng, int n, double mean, double std) =>
        Enumerable.Range(0, n).Select(_ =>
        {
            // Box-Muller; 1 - NextDouble() is in (0, 1], so the log is finite.
            double u1 = 1 - rng.NextDouble(), u2 = rng.NextDouble();
            return mean + std * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
        }).ToArray();

    static double[] Truncated(Random rng, int n, double mean, double std, double a, double b)
    {
        var result = new double[n];
        for (int i = 0; i < n;)
        {
            double v = Normals(rng, 1, mean, std)[0];
            if (v >= a && v <= b) result[i++] = v;
        }
        return result;
    }
}
