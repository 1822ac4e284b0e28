using System;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Schemes;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Engine;

/// <summary>The engine's buffers (strided and half targets, the double erfinv path, orthogonal, sparse) are freed:
/// many calls do not grow the process. Runs alone (the global RNG collection) so other tests' memory is not counted.</summary>
[Collection(GlobalRngCollection.Name)]
public class EngineMemoryTests
{
    [Fact]
    public void ManyCallsDoNotGrowNativeMemory()
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
        for (int i = 0; i < 20; i++) Round();
        long before = ResidentMemory.Bytes();
        for (int i = 0; i < 100; i++) Round();
        long growth = ResidentMemory.Bytes() - before;
        // A leaked 1-2 MB buffer per round would be 100 MB or more.
        Assert.True(growth < 64L << 20, $"resident memory grew by {growth >> 20} MB over 100 rounds");
    }
}
