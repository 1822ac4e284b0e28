using System;
using System.Collections.Generic;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Schemes;
using WeightInit.Tests.Statistics;
using Xunit;
using static TorchSharp.torch;
using KS = WeightInit.Tests.Statistics.KolmogorovSmirnov;

namespace WeightInit.Tests.Engine;

/// <summary>The engine's draws fit their distributions (KS, p > 1e-4) for several seeds, both precisions, and sizes
/// with odd tails (partial groups at the end).</summary>
public class EngineDistributionTests
{
    public static IEnumerable<object[]> Cases()
    {
        foreach (var generator in new[] { CounterGenerator.Ars, CounterGenerator.Philox })
            foreach (ulong seed in new ulong[] { 1, 2, 0xDEADBEEFCAFEF00D })
                foreach (long n in new long[] { 1, 7, 1023, 4097, 200_003 })
                    foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
                        yield return new object[] { generator, seed, n, dtype };
    }

    static double Min(Tensor t) { using var m = t.min().to(ScalarType.Float64); return m.item<double>(); }
    static double Max(Tensor t) { using var m = t.max().to(ScalarType.Float64); return m.item<double>(); }

    static Tensor Fill(InitScheme scheme, CounterGenerator generator, ulong seed, long n, ScalarType dtype, string key)
    {
        var t = empty(new[] { n }, dtype);
        scheme.Apply(t, InitEngine.Counter(seed, generator).Stream(key));
        return t;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Uniform(CounterGenerator generator, ulong seed, long n, ScalarType dtype)
    {
        using var t = Fill(InitScheme.Uniform(-2, 3), generator, seed, n, dtype, "u");
        Assert.True(Min(t) >= -2 && Max(t) < 3);
        KsAssert.Fits(t, KS.UniformCdf(-2, 3), $"uniform {generator} n={n} {dtype}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Normal(CounterGenerator generator, ulong seed, long n, ScalarType dtype)
    {
        using var t = Fill(InitScheme.Normal(0.5, 2), generator, seed, n, dtype, "n");
        Assert.True(t.isfinite().all().item<bool>());
        KsAssert.Fits(t, KS.NormalCdf(0.5, 2), $"normal {generator} n={n} {dtype}");
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void TruncNormal(CounterGenerator generator, ulong seed, long n, ScalarType dtype)
    {
        using var t = Fill(InitScheme.TruncNormal(0, 1, -2, 2), generator, seed, n, dtype, "t");
        Assert.True(Min(t) >= -2 && Max(t) <= 2);
        KsAssert.Fits(t, KS.TruncatedNormalCdf(0, 1, -2, 2), $"trunc_normal {generator} n={n} {dtype}");
    }

    [Theory]
    [InlineData(0.0, 1.0, -1.0, 3.5)]    // upper bound past the float erfinv limit: the double path
    [InlineData(1.0, 0.5, 1.5, 3.0)]     // one-sided tail
    [InlineData(0.0, 0.02, -0.04, 0.04)] // BERT/ViT's std=0.02 at ±2 std
    [InlineData(0.0, 0.02, -2.0, 2.0)]   // trunc_normal_(std=0.02) with PyTorch's absolute bounds: the clamped normal
    [InlineData(0.0, 1.0, -8.0, 9.0)]    // just inside the clamped-normal cut-off (8 std)
    public void TruncNormalBounds(double mean, double std, double a, double b)
    {
        foreach (var generator in new[] { CounterGenerator.Ars, CounterGenerator.Philox })
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            using var t = Fill(InitScheme.TruncNormal(mean, std, a, b), generator, 5, 100_001, dtype, "bounds");
            Assert.True(Min(t) >= a && Max(t) <= b);
            KsAssert.Fits(t, KS.TruncatedNormalCdf(mean, std, a, b), $"trunc_normal({mean}, {std}, {a}, {b}) {dtype}");
        }
    }

    [Theory]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    public void HalfTargetsAreTheFloat32DrawRounded(ScalarType dtype)
    {
        // Written in place through the tensor's memory; torch's float32 → half copy rounds the same way.
        foreach (var scheme in new[] { InitScheme.Uniform(-1, 1), InitScheme.Normal(), InitScheme.TruncNormal() })
        {
            var stream = InitEngine.Counter(3).Stream("half");
            using var single = scheme.Apply(empty(5000), stream);
            using var half = scheme.Apply(empty(new long[] { 5000 }, dtype), stream);
            using var expected = single.to(dtype);
            Assert.True(expected.eq(half).all().item<bool>(), $"{scheme} {dtype}");
        }
    }

    [Fact]
    public void Float64IsItsOwnPrecision()
    {
        // 53-bit uniforms: the float64 draw is not a widened float32 one.
        using var t = Fill(InitScheme.Uniform(0, 1), CounterGenerator.Ars, 1, 10_000, ScalarType.Float64, "u53");
        using var asFloat = t.to(ScalarType.Float32).to(ScalarType.Float64);
        Assert.False(t.eq(asFloat).all().item<bool>());
    }
}
