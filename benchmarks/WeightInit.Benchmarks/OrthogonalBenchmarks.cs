using BenchmarkDotNet.Attributes;
using TorchSharp;
using WeightInit;
using static TorchSharp.torch;

namespace WeightInit.Benchmarks;

/// <summary>orthogonal_ on n × n float32 against TorchSharp 0.107's own torch.nn.init.orthogonal_ (both QR-bound).</summary>
public class OrthogonalBenchmarks
{
    [Params(1024, 2048, 4096)] public int N;
    Tensor _t = null!;

    [GlobalSetup] public void Setup() => _t = empty(N, N);
    [GlobalCleanup] public void Cleanup() => _t.Dispose();

    [Benchmark(Baseline = true)] public void TorchSharp_orthogonal_() => nn.init.orthogonal_(_t);
    [Benchmark] public void WeightInit_orthogonal_() => _t.orthogonal_();
}
