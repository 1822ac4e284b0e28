using System.Diagnostics.CodeAnalysis;
using BenchmarkDotNet.Attributes;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Policy;

namespace WeightInit.Benchmarks;

/// <summary>ApplyInit of the Transformer preset on a GPT-2-small-sized model (124M parameters): the parity path against
/// the same schemes applied parameter by parameter without a policy (the policy's overhead), and the counter engine.
/// Fifteen iterations, not five: the overhead target (5%) is smaller than this machine's run-to-run noise.</summary>
[IterationCount(15)]
[SuppressMessage("Design", "CA1001", Justification = "BenchmarkDotNet disposes the model in [GlobalCleanup].")]
public class ApplyInitBenchmarks
{
    Gpt2Small _model = null!;
    readonly InitPolicy _policy = InitPolicy.Transformer();
    readonly InitEngine _engine = InitEngine.Counter(42);

    internal Gpt2Small Model => _model;

    [GlobalSetup] public void Setup() => _model = new Gpt2Small();
    [GlobalCleanup] public void Cleanup() => _model.Dispose();

    [Benchmark(Baseline = true)] public void RawFills() => Gpt2Small.RawFills(_model, null);
    [Benchmark] public InitReport ApplyInit_parity() => _model.ApplyInit(_policy);
    [Benchmark] public InitReport ApplyInit_engine() => _model.ApplyInit(_policy, _engine);
}
