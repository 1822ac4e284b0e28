using System;
using System.Diagnostics;

namespace WeightInit.Tests;

/// <summary>The process's resident set after the GC has freed what it can (finalizers release native tensors).</summary>
internal static class ResidentMemory
{
    internal static long Bytes()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        using var p = Process.GetCurrentProcess();
        p.Refresh();
        return p.WorkingSet64;
    }
}
