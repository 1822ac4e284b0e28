using System;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Policy;
using WeightInit.Policy.Actions;
using WeightInit.Schemes;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Engine;

/// <summary>What the counter engine promises: values independent of thread count, shard boundaries, memory layout,
/// and of whatever else is initialized; different keys give unrelated streams.</summary>
public class EngineInvarianceTests
{
    static readonly InitScheme[] Elementwise =
    {
        InitScheme.Uniform(-1, 1), InitScheme.Normal(0, 2), InitScheme.TruncNormal(), InitScheme.TruncNormal(0, 1, -4, 4),
        InitScheme.XavierUniform(), InitScheme.XavierNormal(), InitScheme.KaimingUniform(), InitScheme.KaimingNormal(),
        InitScheme.LecunUniform, InitScheme.LecunNormal, InitScheme.VarianceScaling(),
        InitScheme.VarianceScaling(2, "fan_avg", "normal"), InitScheme.VarianceScaling(1, "fan_out", "uniform"),
    };

    static bool Same(Tensor a, Tensor b) => a.shape.AsSpan().SequenceEqual(b.shape) && a.eq(b).all().item<bool>();

    [Theory]
    [InlineData(ScalarType.Float32, CounterGenerator.Ars)]
    [InlineData(ScalarType.Float64, CounterGenerator.Ars)]
    [InlineData(ScalarType.BFloat16, CounterGenerator.Ars)]
    [InlineData(ScalarType.Float32, CounterGenerator.Philox)]
    [InlineData(ScalarType.Float64, CounterGenerator.Philox)]
    public void SameValuesFor1_2And8Threads(ScalarType dtype, CounterGenerator generator)
    {
        // 300 × 1001 elements span eight 40960-element work items, with a ragged end.
        foreach (var scheme in Elementwise)
        {
            var engine = InitEngine.Counter(11, generator);
            using var one = scheme.Apply(empty(new long[] { 300, 1001 }, dtype), engine.WithMaxDegreeOfParallelism(1), "w");
            using var two = scheme.Apply(empty(new long[] { 300, 1001 }, dtype), engine.WithMaxDegreeOfParallelism(2), "w");
            using var eight = scheme.Apply(empty(new long[] { 300, 1001 }, dtype), engine.WithMaxDegreeOfParallelism(8), "w");
            Assert.True(Same(one, two) && Same(one, eight), $"{scheme} {dtype}");
        }
    }

    [Theory]
    [InlineData(0L, 1L, CounterGenerator.Ars)]
    [InlineData(3L, 4L, CounterGenerator.Ars)]
    [InlineData(17L, 333L, CounterGenerator.Ars)]
    [InlineData(200L, 512L, CounterGenerator.Ars)]
    [InlineData(511L, 512L, CounterGenerator.Ars)]
    [InlineData(17L, 333L, CounterGenerator.Philox)]
    [InlineData(511L, 512L, CounterGenerator.Philox)]
    public void ShardEqualsThoseRowsOfTheWholeFill(long a, long b, CounterGenerator generator)
    {
        long[] full = { 512, 37 };
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64, ScalarType.Float16 })
            foreach (var scheme in Elementwise)
            {
                var stream = InitEngine.Counter(5, generator).Stream("layer.weight");
                using var whole = scheme.Apply(empty(full, dtype), stream);
                using var shard = scheme.ApplyShard(empty(new[] { b - a, 37L }, dtype), full, a, stream);
                using var rows = whole.narrow(0, a, b - a);
                Assert.True(Same(rows, shard), $"{scheme} rows [{a}, {b}) {dtype}");
            }
    }

    [Theory]
    [InlineData(CounterGenerator.Ars)]
    [InlineData(CounterGenerator.Philox)]
    public void StreamAtAnyOffsetContinuesTheStream(CounterGenerator generator)
    {
        var stream = InitEngine.Counter(8, generator).Stream("flat");
        using var whole = InitScheme.Normal().Apply(empty(100_000), stream);
        // Group (160) and work-item (40960) edges included.
        foreach (long start in new long[] { 0, 1, 63, 64, 65, 159, 160, 161, 32768, 40959, 40960, 40961 })
            foreach (long n in new long[] { 1, 7, 64, 1000, 50_000 })
            {
                if (start + n > 100_000) continue;
                using var part = InitScheme.Normal().Apply(empty(n), stream.At(start));
                using var expected = whole.narrow(0, start, n);
                Assert.True(Same(expected, part), $"At({start}) n={n}");
            }
    }

    [Fact]
    public void ShardRejectsCoupledSchemesAndBadShapes()
    {
        var stream = InitEngine.Counter(1).Stream("s");
        Assert.Throws<NotSupportedException>(() => InitScheme.Orthogonal().ApplyShard(empty(2, 4), new long[] { 4, 4 }, 0, stream));
        Assert.Throws<NotSupportedException>(() => InitScheme.Sparse(0.5).ApplyShard(empty(2, 4), new long[] { 4, 4 }, 0, stream));
        Assert.Throws<ArgumentException>(() => InitScheme.Normal().ApplyShard(empty(2, 5), new long[] { 4, 4 }, 0, stream));
        Assert.Throws<ArgumentOutOfRangeException>(() => InitScheme.Normal().ApplyShard(empty(2, 4), new long[] { 4, 4 }, 3, stream));
    }

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.BFloat16)]
    public void NonContiguousViewGetsWhatAContiguousTensorOfItsShapeGets(ScalarType dtype)
    {
        foreach (var scheme in Elementwise)
        {
            var stream = InitEngine.Counter(2).Stream("view");
            using var storage = zeros(new long[] { 70, 45 }, dtype);
            using var view = storage.t();                        // [45, 70], strided
            scheme.Apply(view, stream);
            using var contiguous = scheme.Apply(empty(new long[] { 45, 70 }, dtype), stream);
            Assert.True(Same(view, contiguous), $"{scheme} {dtype}");
        }
    }

    [Theory]
    [InlineData(CounterGenerator.Ars)]
    [InlineData(CounterGenerator.Philox)]
    public void NeighbouringKeysAndSeedsAreUncorrelated(CounterGenerator generator)
    {
        const long n = 200_000;
        double limit = 5 / Math.Sqrt(n);
        var engine = InitEngine.Counter(1, generator);
        foreach (var (x, y) in new[]
        {
            (engine.Stream("layers.0.weight"), engine.Stream("layers.1.weight")),
            (engine.Stream("a"), engine.Stream("b")),
            (engine.Stream("w"), InitEngine.Counter(2, generator).Stream("w")),
        })
            foreach (var scheme in new[] { InitScheme.Uniform(), InitScheme.Normal() })
                foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
            {
                using var scope = NewDisposeScope();
                var u = scheme.Apply(empty(n, dtype), x).to(ScalarType.Float64);
                var v = scheme.Apply(empty(n, dtype), y).to(ScalarType.Float64);
                double r = corrcoef(stack(new[] { u, v }))[0, 1].item<double>();
                Assert.True(Math.Abs(r) < limit, $"{x} vs {y}, {scheme} {dtype}: r = {r:G3}");
                // Shifted by one element too: a stream is not its neighbour's shifted copy.
                double rs = corrcoef(stack(new[] { u.narrow(0, 1, n - 1), v.narrow(0, 0, n - 1) }))[0, 1].item<double>();
                Assert.True(Math.Abs(rs) < limit, $"{x} vs {y} shifted, {scheme}: r = {rs:G3}");
            }
    }

    static nn.Module Model(bool withExtraLayer)
    {
        var layers = new System.Collections.Generic.List<(string, nn.Module<Tensor, Tensor>)> { ("enc", nn.Linear(64, 128)) };
        if (withExtraLayer) layers.Add(("mid", nn.Linear(128, 128)));
        layers.Add(("dec", nn.Linear(128, 32)));
        return nn.Sequential(layers);
    }

    [Fact]
    public void AddingALayerDoesNotChangeTheOthers()
    {
        var policy = InitPolicy.EveryWeight(InitScheme.KaimingNormal());
        var engine = InitEngine.Counter(2024);
        using var small = Model(false);
        using var large = Model(true);
        small.ApplyInit(policy, engine);
        large.ApplyInit(policy, engine);
        foreach (var name in new[] { "enc.weight", "dec.weight" })
            Assert.True(Same(Param(small, name), Param(large, name)), name);

        // And each parameter is exactly the scheme applied to its qualified-name stream.
        using var expected = InitScheme.KaimingNormal().Apply(empty(128, 64), engine, "enc.weight");
        Assert.True(Same(expected, Param(large, "enc.weight")));
    }

    [Fact]
    public void BlocksStartEachBlockAtItsElementOffset()
    {
        // blocks(3, normal_) over a fused [3·h, d] weight equals normal_ over the whole: block i reads elements i·h·d on.
        var engine = InitEngine.Counter(4);
        using var model = nn.Linear(16, 48);
        var policy = InitPolicy.Empty.ForParam("weight", "blocks(3, normal_(std=0.5))").Keep("bias");
        model.ApplyInit(policy, engine);
        using var expected = InitScheme.Normal(0, 0.5).Apply(empty(48, 16), engine, "weight");
        Assert.True(Same(expected, Param(model, "weight")));
    }

    static Tensor Param(nn.Module m, string name)
    {
        foreach (var (n, p) in m.named_parameters()) if (n == name) return p.detach();
        throw new ArgumentException(name);
    }
}
