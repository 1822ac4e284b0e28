using System;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Schemes;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Engine;

/// <summary>The engine's buffers (strided and half targets, the double erfinv path, orthogonal, sparse) are freed:
/// 30 rounds of calls leave TorchSharp's count of live tensors exactly where it was. The buffers are tensors (and
/// managed arrays from the shared pool), so the count sees every one; RSS, which the allocator and the GC move by
/// tens of MB, is left to the benchmarks' <c>--memory</c> report.</summary>
public class EngineMemoryTests
{
    [Fact]
    public void ManyCallsLeaveNoTensorBehind()
    {
        var engine = InitEngine.Counter(1);
        var philox = InitEngine.Counter(1, CounterGenerator.Philox);
        using var big = empty(250_000);
        using var strided = empty(500, 500).t();
        using var half = empty(new long[] { 250_000 }, ScalarType.Float16);
        using var small = empty(64, 48);
        void Round()
        {
            InitScheme.Normal().Apply(big, engine, "a");
            InitScheme.Uniform().Apply(strided, engine, "b");          // contiguous buffer + copy_
            InitScheme.TruncNormal().Apply(half, engine, "c");
            InitScheme.TruncNormal(0, 1, -5, 5).Apply(big, engine, "d"); // float64 erfinv buffer
            InitScheme.Orthogonal().Apply(small, engine, "e");
            InitScheme.Sparse(0.5).Apply(small, engine, "f");
            InitScheme.TruncNormal().Apply(big, philox, "g");
        }
        long growth = LiveTensorCount.GrowthOver(warmUp: 2, calls: 30, Round);
        Assert.True(growth == 0, $"live tensors grew by {growth} over 30 rounds");
        using var scope = NewDisposeScope();
        Assert.True(half.isfinite().all().item<bool>());
    }
}
