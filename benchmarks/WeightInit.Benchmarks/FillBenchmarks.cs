using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Configs;
using TorchSharp;
using WeightInit;
using WeightInit.Engine;
using WeightInit.Schemes;
using static TorchSharp.torch;

namespace WeightInit.Benchmarks;

/// <summary>Raw fills of one float32 tensor: libtorch's uniform_/normal_ (one Mersenne Twister, one thread) and its
/// memory-speed fill_/zero_ against the counter engine (ARS, the default, and Philox) and the parity path. Each
/// category has its own baseline.</summary>
[GroupBenchmarksBy(BenchmarkLogicalGroupRule.ByCategory), CategoriesColumn]
public class FillBenchmarks
{
    [Params(16L << 20, 256L << 20)] public long Elements;

    Tensor _t = null!;
    readonly InitEngine _engine = InitEngine.Counter(42), _philox = InitEngine.Counter(42, CounterGenerator.Philox);
    readonly InitScheme _uniform = InitScheme.Uniform(-1, 1), _normal = InitScheme.Normal(0, 1), _trunc = InitScheme.TruncNormal(0, 1, -2, 2);

    [GlobalSetup] public void Setup() => _t = empty(Elements);
    [GlobalCleanup] public void Cleanup() => _t.Dispose();

    // In-place calls may return the tensor itself or a new handle to it; the scope disposes only the latter.

    [Benchmark(Baseline = true), BenchmarkCategory("uniform")] public void Torch_uniform_() { using var scope = NewDisposeScope(); _t.uniform_(-1, 1); }
    [Benchmark, BenchmarkCategory("uniform")] public void Torch_zero_() { using var scope = NewDisposeScope(); _t.zero_(); }
    [Benchmark, BenchmarkCategory("uniform")] public void Torch_fill_() { using var scope = NewDisposeScope(); _t.fill_(0.5); }
    [Benchmark, BenchmarkCategory("uniform")] public void Engine_uniform() => _uniform.Apply(_t, _engine, "w");
    [Benchmark, BenchmarkCategory("uniform")] public void Philox_uniform() => _uniform.Apply(_t, _philox, "w");

    [Benchmark(Baseline = true), BenchmarkCategory("normal")] public void Torch_normal_() { using var scope = NewDisposeScope(); _t.normal_(0, 1); }
    [Benchmark, BenchmarkCategory("normal")] public void Engine_normal() => _normal.Apply(_t, _engine, "w");
    [Benchmark, BenchmarkCategory("normal")] public void Philox_normal() => _normal.Apply(_t, _philox, "w");

    [Benchmark(Baseline = true), BenchmarkCategory("trunc_normal")] public void Parity_trunc_normal_() => _t.trunc_normal_();
    [Benchmark, BenchmarkCategory("trunc_normal")] public void Engine_trunc_normal() => _trunc.Apply(_t, _engine, "w");
    [Benchmark, BenchmarkCategory("trunc_normal")] public void Philox_trunc_normal() => _trunc.Apply(_t, _philox, "w");
}
