using System;
using System.Collections.Generic;
using TorchSharp;
using WeightInit.Sampling;
using static TorchSharp.torch;

namespace WeightInit.Policy;

/// <summary>Finds the all-zero rows of a contiguous CPU floating-point matrix in place, reading each row only up to
/// its first nonzero element: a random row stops at its first element, so a 50257 × 768 embedding costs about 50K
/// reads instead of the 38.6M of a full pass (which was about 1% of a GPT-2-sized ApplyInit).</summary>
internal static unsafe class ZeroRowScan
{
    /// <summary>The zero rows (±0 count as zero), at most <paramref name="limit"/> of them; null when the tensor
    /// is not a contiguous CPU float16/bfloat16/float32/float64 matrix (the caller falls back to libtorch).</summary>
    internal static long[]? TryFind(Tensor w, int limit, long maxPieceBytes = TensorMemory.MaxPieceBytes)
    {
        if (w.dim() != 2 || w.device_type != DeviceType.CPU || !w.is_contiguous()) return null;
        if (w.dtype is not (ScalarType.Float32 or ScalarType.Float64 or ScalarType.Float16 or ScalarType.BFloat16)) return null;
        long cols = w.shape[1];
        var found = new List<long>();
        if (cols == 0) return found.ToArray();
        var dtype = w.dtype;
        // Pieces of whole rows, for matrices over a span's 2 GiB.
        TensorMemory.ForPieces(w, (data, first, count) =>
        {
            long firstRow = first / cols, rows = count / cols;
            switch (dtype)
            {
                case ScalarType.Float32: Find((uint*)data, firstRow, rows, cols, 0x7FFF_FFFFu, limit, found); break;
                case ScalarType.Float64: Find((ulong*)data, firstRow, rows, cols, 0x7FFF_FFFF_FFFF_FFFFul, limit, found); break;
                default: Find((ushort*)data, firstRow, rows, cols, (ushort)0x7FFF, limit, found); break;
            }
            return found.Count < limit;
        }, granule: cols, maxPieceBytes);
        return found.ToArray();
    }

    // Compares bits without the sign, so -0.0 is zero as in the norm-based check; NaN is not.
    static void Find<T>(T* data, long firstRow, long rows, long cols, T magnitude, int limit, List<long> found) where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        for (long r = 0; r < rows && found.Count < limit; r++)
        {
            T* row = data + r * cols;
            long c = 0;
            while (c < cols && (row[c] & magnitude) == T.Zero) c++;
            if (c == cols) found.Add(firstRow + r);
        }
    }
}
