using System;
using System.Linq;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests;

/// <summary>The memory tests' yardstick can fail: it sees one leaked tensor per call, exactly, even after the GC has
/// finalized the leaked tensors, and it does not see tensors that were disposed.</summary>
public class LiveTensorCountTests
{
    [Fact]
    public void ALeakOfOneTensorPerCallCountsExactly()
    {
        var leaked = new System.Collections.Generic.List<Tensor>();
        long growth = LiveTensorCount.GrowthOver(warmUp: 3, calls: 100, () => leaked.Add(empty(2)));
        Assert.Equal(100, growth);
        foreach (var t in leaked) t.Dispose();
    }

    [Fact]
    public void ALeakTheGcFinalizedStillCounts()
    {
        // Leaked tensors are dropped unreferenced; the finalizer frees them on its own thread, which does not
        // decrement this thread's count, so the result cannot depend on when the GC runs.
        long growth = LiveTensorCount.GrowthOver(warmUp: 0, calls: 50, () => Drop());
        long beforeGc = LiveTensorCount.OnThisThread;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Assert.Equal(50, growth);
        Assert.Equal(beforeGc, LiveTensorCount.OnThisThread);
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    static void Drop() => _ = empty(2);

    [Fact]
    public void DisposedTensorsDoNotCount()
    {
        long growth = LiveTensorCount.GrowthOver(warmUp: 0, calls: 100, () =>
        {
            using var scope = NewDisposeScope();
            var a = empty(3);
            var b = a + 1;   // a temporary the scope disposes
            using var c = ones(2);
            _ = Enumerable.Range(0, 3).Select(i => b * i).ToArray();
        });
        Assert.Equal(0, growth);
    }
}
