using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Internal;

/// <summary>Finds the all-zero rows of a contiguous CPU floating-point matrix in place, reading each row only up to
/// its first nonzero element: a random row stops at its first element, so a 50257 × 768 embedding costs about 50K
/// reads instead of the 38.6M of a full pass (which was about 1% of a GPT-2-sized ApplyInit).</summary>
internal static unsafe class ZeroRowScan
{
    /// <summary>The zero rows (±0 count as zero), at most <paramref name="limit"/> of them; null when the tensor
    /// is not a contiguous CPU float16/bfloat16/float32/float64 matrix (the caller falls back to libtorch).</summary>
    internal static long[]? TryFind(Tensor w, int limit)
    {
        if (w.dim() != 2 || w.device_type != DeviceType.CPU || !w.is_contiguous()) return null;
        long rows = w.shape[0], cols = w.shape[1];
        if (rows * cols * w.element_size() > int.MaxValue) return null;
        fixed (byte* data = w.bytes)
            return w.dtype switch
            {
                ScalarType.Float32 => Find((uint*)data, rows, cols, 0x7FFF_FFFFu, limit),
                ScalarType.Float64 => Find((ulong*)data, rows, cols, 0x7FFF_FFFF_FFFF_FFFFul, limit),
                ScalarType.Float16 or ScalarType.BFloat16 => Find((ushort*)data, rows, cols, (ushort)0x7FFF, limit),
                _ => null,
            };
    }

    // Compares bits without the sign, so -0.0 is zero as in the norm-based check; NaN is not.
    static long[] Find<T>(T* data, long rows, long cols, T magnitude, int limit) where T : unmanaged, System.Numerics.IBinaryInteger<T>
    {
        var found = new List<long>();
        for (long r = 0; r < rows && found.Count < limit; r++)
        {
            T* row = data + r * cols;
            long c = 0;
            while (c < cols && (row[c] & magnitude) == T.Zero) c++;
            if (c == cols) found.Add(r);
        }
        return found.ToArray();
    }
}
