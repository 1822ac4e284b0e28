using System;
using static TorchSharp.torch;

namespace WeightInit.Sampling;

/// <summary>A contiguous CPU tensor's memory in pieces a span can hold: TorchSharp's byte span is int-sized, so one
/// span reaches 2 GiB, less than a float32 LM head or embedding of a large model (128K × 4096 floats is 2 GiB). A
/// usual tensor is one piece.</summary>
internal static unsafe class TensorMemory
{
    internal const long MaxPieceBytes = 1L << 30;

    /// <summary>Gets a piece: its memory, the index of its first element in the tensor, its element count; returns
    /// false to stop.</summary>
    internal delegate bool PieceAction(IntPtr data, long firstElement, long count);

    /// <summary>Hands <paramref name="action"/> consecutive pieces of <paramref name="t"/> (contiguous, on the CPU),
    /// each a whole number of <paramref name="granule"/> elements (a row; a reduction's block) and at most
    /// <paramref name="maxPieceBytes"/> unless one granule is larger. Returns false when the action stopped early.</summary>
    internal static bool ForPieces(Tensor t, PieceAction action, long granule = 1, long maxPieceBytes = MaxPieceBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(granule, 1);
        long n = t.numel(), size = t.element_size();
        long per = Math.Max(1, Math.Min(maxPieceBytes, int.MaxValue) / size / granule) * granule;
        if (n <= per)
            fixed (byte* p = t.bytes) return action((IntPtr)p, 0, n);
        using var flat = t.view(-1);
        for (long s = 0; s < n; s += per)
        {
            using var piece = flat.narrow(0, s, Math.Min(per, n - s));
            fixed (byte* p = piece.bytes)
                if (!action((IntPtr)p, s, piece.numel())) return false;
        }
        return true;
    }
}
