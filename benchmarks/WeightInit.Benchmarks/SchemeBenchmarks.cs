using System.Collections.Generic;
using System.Linq;
using BenchmarkDotNet.Attributes;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Schemes;
using static TorchSharp.torch;

namespace WeightInit.Benchmarks;

/// <summary>Every random scheme on a 2048 × 2048 float32 weight (4M elements), on the PyTorch-parity path (the
/// global generator) and on the counter engine.</summary>
public class SchemeBenchmarks
{
    public static IEnumerable<string> Schemes => InitScheme.Descriptors.Where(d => d.Name is not ("constant_" or "ones_" or "zeros_" or "eye_" or "dirac_" or "orthogonal_"))
        .Select(d => d.Name == "sparse_" ? "sparse_(sparsity=0.1)" : d.Name);

    [ParamsSource(nameof(Schemes))] public string Scheme = "";

    Tensor _t = null!;
    InitScheme _scheme = null!;
    readonly InitEngine _engine = InitEngine.Counter(42);

    [GlobalSetup]
    public void Setup()
    {
        _t = empty(2048, 2048);
        _scheme = InitScheme.Parse(Scheme);
    }

    [GlobalCleanup] public void Cleanup() => _t.Dispose();

    [Benchmark(Baseline = true)] public void Parity() => _scheme.Apply(_t);
    [Benchmark] public void Engine() => _scheme.Apply(_t, _engine, "w");
}
