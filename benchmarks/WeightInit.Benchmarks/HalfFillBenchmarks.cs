using BenchmarkDotNet.Attributes;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Schemes;
using static TorchSharp.torch;

namespace WeightInit.Benchmarks;

/// <summary>Fills of a 16M-element float16 or bfloat16 tensor (half-precision models): libtorch's normal_ against the
/// counter engine, which draws in float32 and rounds to the target type as it writes, and libtorch's zero_ as the
/// memory-speed reference.</summary>
public class HalfFillBenchmarks
{
    [Params(ScalarType.Float16, ScalarType.BFloat16)] public ScalarType DType;

    Tensor _t = null!;
    readonly InitEngine _engine = InitEngine.Counter(42);
    readonly InitScheme _normal = InitScheme.Normal(0, 1), _uniform = InitScheme.Uniform(-1, 1);

    [GlobalSetup] public void Setup() => _t = empty(new long[] { 16L << 20 }, dtype: DType);
    [GlobalCleanup] public void Cleanup() => _t.Dispose();

    [Benchmark(Baseline = true)] public void Torch_normal_() { using var scope = NewDisposeScope(); _t.normal_(0, 1); }
    [Benchmark] public void Torch_zero_() { using var scope = NewDisposeScope(); _t.zero_(); }
    [Benchmark] public void Engine_normal() => _normal.Apply(_t, _engine, "w");
    [Benchmark] public void Engine_uniform() => _uniform.Apply(_t, _engine, "w");
}
