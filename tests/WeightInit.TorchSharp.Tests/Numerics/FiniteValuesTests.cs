using System;
using System.Linq;
using TorchSharp;
using WeightInit.Sampling;
using WeightInit.Engine;
using WeightInit.Schemes;
using Xunit;
using static TorchSharp.torch;
using static WeightInit.Tests.Numerics.NumericsTestHelpers;

namespace WeightInit.Tests.Numerics;

/// <summary>Never a non-finite weight from finite arguments: each case either gives PyTorch's error before any
/// write, or finite values. Random draws use their own Generator or an engine, never the global RNG.</summary>
public class FiniteValuesTests
{
    static readonly ScalarType[] Floats = { ScalarType.Float32, ScalarType.Float64, ScalarType.Float16, ScalarType.BFloat16 };

    // ---- the engine's float32 normal for huge and tiny std ------------------------------------------------------

    [Theory]
    [InlineData(3e18, CounterGenerator.Ars)]
    [InlineData(1e19, CounterGenerator.Ars)]
    [InlineData(1e30, CounterGenerator.Philox)]
    [InlineData(3e37, CounterGenerator.Ars)]
    public void EngineNormalWithHugeStdIsFiniteAndHasThatStd(double std, CounterGenerator generator)
    {
        // −2·std²·log u overflowed float from std ≈ 3e18: inf values.
        using var t = empty(4000, ScalarType.Float32);
        t.normal_(InitEngine.Counter(7, generator).Stream("w"), 0, std);
        Assert.True(AllFinite(t));
        var v = Values(t);
        double s = Math.Sqrt(v.Sum(x => (x / std) * (x / std)) / v.Length);
        Assert.InRange(s, 0.95, 1.05);
    }

    [Fact]
    public void EngineNormalWithHugeStdIsTheStdOneDrawScaled()
    {
        // The huge-std path draws the radius for std 1 and scales it: the same values as std 1, times std (to float
        // rounding of one multiply more).
        var stream = InitEngine.Counter(3).Stream("w");
        using var one = empty(500, ScalarType.Float32).normal_(stream, 0, 1);
        using var big = empty(500, ScalarType.Float32).normal_(stream, 0, 1e20);
        var a = Values(one); var b = Values(big);
        for (int i = 0; i < a.Length; i++) Assert.True(Math.Abs(b[i] / 1e20 - a[i]) <= 1e-6 * Math.Max(1, Math.Abs(a[i])), $"{i}: {b[i]} vs {a[i]}");
    }

    [Fact]
    public void EngineNormalWithTinyStdKeepsItsScale()
    {
        // std² below float's normal range gave zeros (std 1e-23) or a few coarse values.
        using var t = empty(4000, ScalarType.Float32).normal_(InitEngine.Counter(7).Stream("w"), 0, 1e-23);
        var v = Values(t);
        double s = Math.Sqrt(v.Sum(x => (x / 1e-23) * (x / 1e-23)) / v.Length);
        Assert.InRange(s, 0.95, 1.05);
    }

    // ---- uniform_ bounds (PyTorch's check_uniform_bounds) -------------------------------------------------------

    [Fact]
    public void UniformBoundsBeyondFloatAreErrorsOnBothPaths()
    {
        using var g = new Generator(1);
        var engine = InitEngine.Counter(1);
        using var t = Sentinel(new long[] { 4, 5 });
        // The engine gave all NaN for uniform_(-1e39, 1).
        Rejects(t, () => t.uniform_(engine.Stream("w"), -1e39, 1), "from is out of bounds for float");
        Rejects(t, () => InitScheme.Uniform(-1e39, 1).Apply(t, g), "from is out of bounds for float");
        Rejects(t, () => t.uniform_(engine.Stream("w"), 0, 1e39), "to is out of bounds for float");
        Rejects(t, () => InitScheme.Uniform(0, 1e39).Apply(t, g), "to is out of bounds for float");
        Rejects(t, () => t.uniform_(engine.Stream("w"), -3e38, 3e38),
            "uniform_ expects to-from <= std::numeric_limits<Float>::max(), but found to=3e+38 and from=-3e+38 which result in to-from to exceed the limit");
    }

    [Fact]
    public void HalfUniformBeyondHalfIsPyTorchsError()
    {
        // float16 uniform_(0, 1e5) was sampled in float32 and copied: inf.
        using var g = new Generator(1);
        using var h = Sentinel(new long[] { 3, 4 }, ScalarType.Float16);
        Rejects(h, () => InitScheme.Uniform(0, 1e5).Apply(h, g), "to is out of bounds for c10::Half");
        Rejects(h, () => h.uniform_(InitEngine.Counter(1).Stream("w"), 0, 1e5), "to is out of bounds for c10::Half");
        Rejects(h, () => h.uniform_(InitEngine.Counter(1).Stream("w"), -40000, 40000), "std::numeric_limits<Half>::max()");
        using var b = Sentinel(new long[] { 3, 4 }, ScalarType.BFloat16);
        Rejects(b, () => InitScheme.Uniform(-3.4e38, 0).Apply(b, g), "from is out of bounds for c10::BFloat16");
        using var d = Sentinel(new long[] { 3, 4 }, ScalarType.Float64);
        Rejects(d, () => InitScheme.Uniform(-1e308, 1e308).Apply(d, g), "std::numeric_limits<Double>::max()");
        // At the limit itself: finite.
        using var ok = empty(3, 4, ScalarType.Float16);
        InitScheme.Uniform(0, 65504).Apply(ok, g);
        Assert.True(AllFinite(ok));
    }

    [Fact]
    public void DerivedUniformBoundBeyondTheDtypeIsPyTorchsError()
    {
        using var g = new Generator(1);
        using var t = Sentinel(new long[] { 4, 4 });
        // gain 3.5e38 on [4, 4]: bound √3·3.5e38·√(2/8) ≈ 3.03e38 fits float, but its width does not (PyTorch's order of checks).
        Rejects(t, () => t.xavier_uniform_(gain: 3.5e38, generator: g), "uniform_ expects to-from <= std::numeric_limits<Float>::max()");
        Rejects(t, () => t.xavier_uniform_(InitEngine.Counter(1).Stream("w"), gain: 3.5e38), "uniform_ expects to-from");
        Rejects(t, () => t.xavier_uniform_(gain: 1e39, generator: g), "from is out of bounds for float");
        Rejects(t, () => t.xavier_uniform_(InitEngine.Counter(1).Stream("w"), gain: 1e39), "from is out of bounds for float");
        Rejects(t, () => t.variance_scaling_(scale: 1e308, distribution: "uniform", generator: g), "from is out of bounds for float");
        using var h = Sentinel(new long[] { 4, 4 }, ScalarType.Float16);
        Rejects(h, () => h.xavier_uniform_(gain: 1e5, generator: g), "from is out of bounds for c10::Half");
    }

    // ---- normal_ values beyond the dtype ------------------------------------------------------------------------

    [Fact]
    public void NormalThatWouldOverflowTheDtypeIsAnError()
    {
        using var g = new Generator(1);
        var stream = InitEngine.Counter(1).Stream("w");
        using var h = Sentinel(new long[] { 8, 8 }, ScalarType.Float16);
        const string msg = "normal_ would write values beyond the range of c10::Half (largest finite value 65504)";
        Rejects(h, () => InitScheme.Normal(0, 1e4).Apply(h, g), msg, "mean=0, std=10000");
        Rejects(h, () => h.normal_(stream, 0, 1e4), msg);
        Rejects(h, () => h.normal_(stream, 1e5, 1), msg);
        using var f = Sentinel(new long[] { 8, 8 });
        Rejects(f, () => f.normal_(stream, 1e39, 1), "beyond the range of float");
        Rejects(f, () => InitScheme.Normal(0, 1e38).Apply(f, g), "beyond the range of float");
        Rejects(h, () => h.xavier_normal_(gain: 1e5, generator: g), "xavier_normal_ would write values beyond the range of c10::Half");
        Rejects(h, () => h.sparse_(0.5, std: 1e4, generator: g), "sparse_ would write values beyond the range of c10::Half");
        Rejects(h, () => h.orthogonal_(gain: 1e5, generator: g), "orthogonal_ would write values beyond the range of c10::Half");
        // Within range: finite.
        InitScheme.Normal(0, 6000).Apply(h, g);
        Assert.True(AllFinite(h));
    }

    // ---- zero std: finite values --------------------------------------------------------------------------------

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    public void VarianceScalingWithAVanishingStdGivesZeros(ScalarType dtype)
    {
        // scale 5e-324: std 0, then 0/0 in the truncated normal: all NaN before.
        using var g = new Generator(1);
        foreach (var source in new[] { RandomSource.Torch(g), InitEngine.Counter(1).Stream("w") })
        {
            using var t = Sentinel(new long[] { 16, 16 }, dtype);
            t.variance_scaling_(source, scale: 5e-324);
            Assert.True(Values(t).All(x => x == 0), $"{dtype}: {string.Join(", ", Values(t).Take(4))}");
            t.variance_scaling_(source, scale: 5e-324, distribution: "normal");
            Assert.True(Values(t).All(x => x == 0));
            t.variance_scaling_(source, scale: 5e-324, distribution: "uniform");
            Assert.True(Values(t).All(x => x == 0));
        }
    }

    [Fact]
    public void TruncNormalWhoseStdVanishesInFloatIsItsClampedMean()
    {
        // std·√2 rounds to 0 in float: erfinv(±1)·0 was NaN at the bounds.
        using var g = new Generator(1);
        foreach (var source in new[] { RandomSource.Torch(g), InitEngine.Counter(1).Stream("w") })
        {
            using var t = Sentinel(new long[] { 64, 64 });
            t.trunc_normal_(source, mean: 0.5, std: 1e-300, a: -2, b: 2);
            Assert.True(Values(t).All(x => x == 0.5f));
            t.trunc_normal_(source, mean: 3, std: 1e-300, a: -2, b: 2);
            Assert.True(Values(t).All(x => x == 2));
        }
    }

    // ---- trunc_normal_ bounds beyond the dtype: clamped to its range --------------------------------------------

    [Fact]
    public void TruncNormalBoundBeyondFloatIsClampedToFloatsRange()
    {
        // trunc_normal_(b=1e300) failed in clamp_ after writing; no float can exceed float's max, so b is clamped there.
        foreach (var make in new Func<RandomSource>[] { () => RandomSource.Torch(new Generator(5)), () => InitEngine.Counter(5).Stream("w") })
        {
            using var a = empty(50, 50).trunc_normal_(make(), 0, 1, -2, 1e300);
            using var b = empty(50, 50).trunc_normal_(make(), 0, 1, -2, float.MaxValue);
            Assert.True(AllFinite(a));
            Assert.True(Same(a, b));
        }
        using var h = empty(50, 50, ScalarType.Float16).trunc_normal_(mean: 6e4, std: 1e4, a: 0, b: 1e6, generator: new Generator(1));
        Assert.True(AllFinite(h));
        Assert.True(Values(h).Max() <= 65504);
    }

    [Fact]
    public void TruncNormalThatCannotFitIsAnError()
    {
        using var g = new Generator(1);
        using var t = Sentinel(new long[] { 4, 4 });
        Rejects(t, () => t.trunc_normal_(mean: 1.5e39, std: 1, a: 1e39, b: 2e39, generator: g), "trunc_normal_ expects [a, b] to meet the range of float");
        Rejects(t, () => t.trunc_normal_(mean: 1e39, std: 1, a: -2, b: 2, generator: g), "computes mean + std·√2·erfinv(p) in float");
        Rejects(t, () => t.trunc_normal_(InitEngine.Counter(1).Stream("w"), mean: 0, std: 1e39, a: -2, b: 2), "computes mean + std·√2·erfinv(p) in float");
        using var h = Sentinel(new long[] { 4, 4 }, ScalarType.Float16);
        Rejects(h, () => h.trunc_normal_(mean: 0, std: 1, a: 7e4, b: 8e4, generator: g), "trunc_normal_ expects [a, b] to meet the range of c10::Half");
    }

    // ---- fans ---------------------------------------------------------------------------------------------------

    [Fact]
    public void FanProductsThatOverflowAreErrorsNamingTheShape()
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => Fans.Compute(new[] { 1L << 62, 4, 4 }));
        Assert.Contains("fan_in and fan_out of shape [4611686018427387904, 4, 4] overflow int64", e.Message);
        Assert.Contains("negative dim", Assert.ThrowsAny<ArgumentException>(() => Fans.Compute(new[] { 3L, -1 })).Message);
        // The sum of two fans that fit: in double, not long (xavier's fan_in + fan_out).
        var std = ((VarianceScalingFamily)InitScheme.XavierNormal()).Std(long.MaxValue, long.MaxValue);
        Assert.True(std > 0 && double.IsFinite(std));
    }

    [Fact]
    public void ApplyShardOfAnOverflowingFullShapeIsAnError()
    {
        // A full shape of 2^62 rows of 8: the element count overflows, and the fans did too (±inf weights).
        var stream = InitEngine.Counter(1).Stream("w");
        using var shard = Sentinel(new long[] { 2, 8, 4 });
        Rejects(shard, () => InitScheme.XavierUniform().ApplyShard(shard, new[] { 1L << 62, 8, 4 }, 0, stream),
            "[4611686018427387904, 8, 4]");
        using var flat = Sentinel(new long[] { 2, 8 });
        Rejects(flat, () => InitScheme.KaimingNormal(mode: "fan_out").ApplyShard(flat, new[] { 1L << 62, 8 }, 0, stream),
            "[4611686018427387904, 8]");
    }
}
