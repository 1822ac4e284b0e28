using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Schemes;
using static TorchSharp.torch;

namespace WeightInit.Benchmarks;

/// <summary>Fills of a 16M-element float64 tensor: libtorch's uniform_/normal_ and the parity trunc_normal_ against the
/// counter engine, whose float64 draws use its own log, sin/cos and erfinv in double.</summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
public class Float64FillBenchmarks
{
    Tensor _t = null!;
    readonly InitEngine _engine = InitEngine.Counter(42);
    readonly InitScheme _uniform = InitScheme.Uniform(-1, 1), _normal = InitScheme.Normal(0, 1), _trunc = InitScheme.TruncNormal(0, 1, -2, 2);

    [GlobalSetup] public void Setup() => _t = empty(new long[] { 16L << 20 }, dtype: ScalarType.Float64);
    [GlobalCleanup] public void Cleanup() => _t.Dispose();

    [Benchmark(Baseline = true), BenchmarkCategory("uniform")] public void Torch_uniform_() { using var scope = NewDisposeScope(); _t.uniform_(-1, 1); }
    [Benchmark, BenchmarkCategory("uniform")] public void Engine_uniform() => _uniform.Apply(_t, _engine, "w");

    [Benchmark(Baseline = true), BenchmarkCategory("normal")] public void Torch_normal_() { using var scope = NewDisposeScope(); _t.normal_(0, 1); }
    [Benchmark, BenchmarkCategory("normal")] public void Engine_normal() => _normal.Apply(_t, _engine, "w");

    [Benchmark(Baseline = true), BenchmarkCategory("trunc_normal")] public void Parity_trunc_normal_() => _t.trunc_normal_();
    [Benchmark, BenchmarkCategory("trunc_normal")] public void Engine_trunc_normal() => _trunc.Apply(_t, _engine, "w");
}
