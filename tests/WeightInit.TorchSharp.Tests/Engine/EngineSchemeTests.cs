using System;
using System.Linq;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Schemes;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Engine;

/// <summary>Every random scheme runs on the engine: deterministic per (seed, key), with the scheme's own shape
/// (orthogonality, sparsity, scale) intact; CUDA targets get the CPU bits.</summary>
public class EngineSchemeTests
{
    static bool Same(Tensor a, Tensor b) => a.eq(b).all().item<bool>();

    public static TheoryData<string> RandomSchemes => new()
    {
        "uniform_(a=-0.5, b=0.5)", "normal_(std=0.1)", "trunc_normal_(std=0.02)", "xavier_uniform_()", "xavier_normal_(gain=2)",
        "kaiming_uniform_(a=1)", "kaiming_normal_(mode='fan_out', nonlinearity='relu')", "lecun_uniform_()", "lecun_normal_()",
        "variance_scaling_()", "variance_scaling_(distribution='normal')", "variance_scaling_(distribution='uniform')",
        "orthogonal_(gain=1.5)", "sparse_(sparsity=0.3)",
    };

    [Theory]
    [MemberData(nameof(RandomSchemes))]
    public void DeterministicPerSeedAndKey(string text)
    {
        var scheme = InitScheme.Parse(text);
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64, ScalarType.BFloat16 })
        {
            using var a = scheme.Apply(empty(new long[] { 40, 30 }, dtype), InitEngine.Counter(1), "k");
            using var b = scheme.Apply(empty(new long[] { 40, 30 }, dtype), InitEngine.Counter(1), "k");
            using var c = scheme.Apply(empty(new long[] { 40, 30 }, dtype), InitEngine.Counter(1), "other");
            Assert.True(Same(a, b), $"{text} {dtype}");
            Assert.False(Same(a, c), $"{text} {dtype}");
        }
    }

    [Fact]
    public void VarianceScalingMembersHaveTheirStd()
    {
        // [400, 300]: fan_in 300, fan_out 400; 120k samples put the std within about 1 % of its target.
        foreach (var (text, std) in new[]
        {
            ("xavier_normal_()", Math.Sqrt(2.0 / 700)), ("xavier_uniform_()", Math.Sqrt(2.0 / 700)),
            ("kaiming_normal_(nonlinearity='relu')", Math.Sqrt(2.0 / 300)), ("lecun_uniform_()", Math.Sqrt(1.0 / 300)),
            ("variance_scaling_(scale=2)", Math.Sqrt(2.0 / 300)), ("variance_scaling_(mode='fan_out')", Math.Sqrt(1.0 / 400)),
        })
        {
            using var t = InitScheme.Parse(text).Apply(empty(400, 300), InitEngine.Counter(9), "w");
            double actual = t.std().item<float>();
            Assert.True(Math.Abs(actual / std - 1) < 0.02, $"{text}: std {actual:G4}, expected {std:G4}");
        }
    }

    [Theory]
    [InlineData(30L, 50L)]
    [InlineData(50L, 30L)]
    public void OrthogonalIsOrthogonal(long rows, long cols)
    {
        using var t = InitScheme.Orthogonal().Apply(empty(rows, cols), InitEngine.Counter(3), "q");
        using var gram = rows <= cols ? t.mm(t.t()) : t.t().mm(t);
        using var eye = torch.eye(Math.Min(rows, cols));
        Assert.True(gram.allclose(eye, atol: 1e-5));
    }

    [Fact]
    public void SparseZerosExactlyCeilSparsityRowsPerColumn()
    {
        using var t = InitScheme.Sparse(0.3, std: 1).Apply(empty(101, 20), InitEngine.Counter(6), "s");
        using var zerosPerColumn = t.eq(0).to(ScalarType.Int64).sum(new long[] { 0 }); // (a literal 0 would bind to sum(ScalarType))
        Assert.All(zerosPerColumn.data<long>().ToArray(), z => Assert.Equal(31L, z));
        // The zero positions differ between columns (each column has its own subset).
        using var mask = t.eq(0);
        Assert.False(Same(mask[.., 0], mask[.., 1]));
    }

    [CudaFact]
    public void CudaTargetGetsTheCpuBits()
    {
        foreach (var generator in new[] { CounterGenerator.Ars, CounterGenerator.Philox })
        foreach (var text in new[] { "uniform_()", "normal_()", "trunc_normal_()", "xavier_normal_()" })
        {
            var scheme = InitScheme.Parse(text);
            var stream = InitEngine.Counter(12, generator).Stream("gpu");
            using var cpuT = scheme.Apply(empty(333, 77), stream);
            using var gpuT = scheme.Apply(empty(new long[] { 333, 77 }, device: CUDA), stream);
            Assert.True(Same(cpuT, gpuT.cpu()), $"{text} {generator}");
        }
    }
}
