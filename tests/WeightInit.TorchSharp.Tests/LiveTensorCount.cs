using System;
using TorchSharp;

namespace WeightInit.Tests;

/// <summary>TorchSharp's exact count of the tensors created on this thread and not yet disposed (in 0.107: created
/// minus disposed, inside and outside dispose scopes). Unlike RSS it does not move with the allocator or the GC, so a
/// leak test on it is deterministic: a leaked tensor counts until it is disposed, and a finalizer that frees it
/// counts the dispose on its own thread, not this one.</summary>
internal static class LiveTensorCount
{
    internal static long OnThisThread => DisposeScopeManager.Statistics.TensorStatistics.ThreadTotalLiveCount;

    /// <summary>Live tensors gained over <paramref name="calls"/> calls, after <paramref name="warmUp"/> calls that
    /// let lazily created state (caches, first-use tensors) settle. Runs on the calling thread only.</summary>
    internal static long GrowthOver(int warmUp, int calls, Action call)
    {
        for (int i = 0; i < warmUp; i++) call();
        long before = OnThisThread;
        for (int i = 0; i < calls; i++) call();
        return OnThisThread - before;
    }
}
