using System;
using System.Runtime.InteropServices;
using TorchSharp;
using WeightInit.Sampling;
using static TorchSharp.torch;

namespace WeightInit.Deferred;

/// <summary>Asks Linux for transparent huge pages on a fresh, untouched CPU tensor before its fill first touches it:
/// one page fault per 2 MiB instead of one per 4 KiB, which is most of the cost of writing fresh memory. What
/// libtorch's THP_MEM_ALLOC_ENABLE does for every allocation, done here for the tensors Materialize creates only.
/// A hint: where the kernel has THP off (or the call is missing), nothing changes but the speed.</summary>
internal static partial class HugePages
{
    const int MadvHugePage = 14;
    const long HugePage = 2L << 20;

    /// <summary>Only tensors of at least this size: smaller ones hold no whole aligned huge page worth the call.</summary>
    internal const long MinBytes = 2 * HugePage;

    static bool _unavailable;

    [LibraryImport("libc", EntryPoint = "madvise", SetLastError = true)]
    private static partial int Madvise(IntPtr address, nuint length, int advice);

    /// <summary>Advises the whole 2 MiB pages inside the tensor's memory; returns whether the kernel took the hint.</summary>
    internal static bool Advise(Tensor t)
    {
        if (_unavailable || !OperatingSystem.IsLinux() || t.device_type != DeviceType.CPU || !t.is_contiguous()) return false;
        if (t.numel() * t.element_size() < MinBytes) return false;
        bool advised = false;
        try
        {
            TensorMemory.ForPieces(t, (data, _, count) =>
            {
                nint start = (data + (nint)(HugePage - 1)) & ~(nint)(HugePage - 1);
                nint end = (data + (nint)(count * t.element_size())) & ~(nint)(HugePage - 1);
                if (end > start) advised |= Madvise(start, (nuint)(end - start), MadvHugePage) == 0;
                return true;
            });
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            _unavailable = true;
        }
        return advised;
    }
}
