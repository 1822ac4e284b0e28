using System;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Threading.Tasks;
using TorchSharp;
using WeightInit.Sampling;
using static TorchSharp.torch;

namespace WeightInit.Policy;

/// <summary>Mean and sample std of a tensor, for reports. A contiguous CPU float32/float64 tensor is read once, in
/// place, with SIMD and across cores, summing x and x² in double; anything else goes through libtorch's sum and norm.
/// One pass matters: on a 124M-parameter model the two libtorch passes cost 5-10% of the init itself.</summary>
internal static unsafe class Moments
{
    /// <summary>Elements per parallel piece; the pieces and their order are fixed, so the result is too.</summary>
    const int Piece = 1 << 16;

    /// <summary>The tensor's mean and sample std; <paramref name="parallel"/> = false keeps to the calling thread (the
    /// pieces and so the result are the same either way). <paramref name="maxPieceBytes"/>: see
    /// <see cref="TensorMemory.ForPieces"/> (tests pass small ones).</summary>
    internal static (double Mean, double Std) Of(Tensor p, bool parallel = true, long maxPieceBytes = TensorMemory.MaxPieceBytes)
    {
        long n = p.numel();
        if (n == 0 || p.device_type == DeviceType.META) return (double.NaN, double.NaN);
        var (sum, squares) = p.device_type == DeviceType.CPU && p.is_contiguous() && p.dtype is ScalarType.Float32 or ScalarType.Float64
            ? Direct(p, n, parallel, maxPieceBytes)
            : ThroughTorch(p);
        double mean = sum / n;
        if (n == 1) return (mean, 0.0);
        // Init values have |mean| << std, so the sum-of-squares form loses nothing here.
        return (mean, Math.Sqrt(Math.Max(0, (squares - n * mean * mean) / (n - 1))));
    }

    static (double, double) ThroughTorch(Tensor p)
    {
        using var scope = NewDisposeScope();
        var x = p.detach();
        if (x.is_complex()) x = x.abs();
        // Integer and bool parameters (a zeros_ or constant_ policy may cover them) have no float sum or norm.
        var wide = x.dtype is ScalarType.Float16 or ScalarType.BFloat16 ? x.to(ScalarType.Float32)
            : Check.IsFloating(x.dtype) ? x : x.to(ScalarType.Float64);
        double sum = wide.sum().to(ScalarType.Float64).item<double>();
        double norm = linalg.vector_norm(wide).to(ScalarType.Float64).item<double>();
        return (sum, norm * norm);
    }

    static (double, double) Direct(Tensor p, long n, bool parallel, long maxPieceBytes)
    {
        bool single = p.dtype == ScalarType.Float32;
        long pieces = (n + Piece - 1) / Piece;
        var sums = new double[pieces];
        var squares = new double[pieces];
        // Memory pieces are whole numbers of Pieces, so every Piece, and so the result, is the same however the
        // tensor's memory is handed out.
        TensorMemory.ForPieces(p, (data, first, count) =>
        {
            long firstPiece = first / Piece;
            int local = (int)((count + Piece - 1) / Piece);
            void Run(int k)
            {
                int start = k * Piece, length = (int)Math.Min(Piece, count - start);
                (sums[firstPiece + k], squares[firstPiece + k]) = single
                    ? Sums(new ReadOnlySpan<float>((float*)data + start, length))
                    : Sums(new ReadOnlySpan<double>((double*)data + start, length));
            }
            if (parallel && local > 1) Parallel.For(0, local, Run);
            else for (int k = 0; k < local; k++) Run(k);
            return true;
        }, granule: Piece, maxPieceBytes);
        double sum = 0, square = 0;
        for (long k = 0; k < pieces; k++) { sum += sums[k]; square += squares[k]; }
        return (sum, square);
    }

    // Independent accumulators: one chain of dependent adds would run at latency, not memory, speed. Optimized from
    // the first call: ApplyInit usually runs once per process, and vector code before tier-up is many times slower.

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static (double, double) Sums(ReadOnlySpan<float> x)
    {
        Vector256<double> s0 = default, s1 = default, q0 = default, q1 = default, q2 = default, q3 = default;
        var v = MemoryMarshal.Cast<float, Vector256<float>>(x);
        int i = 0;
        for (; i + 1 < v.Length; i += 2)
        {
            var (a, b) = Vector256.Widen(v[i]);
            var (c, d) = Vector256.Widen(v[i + 1]);
            s0 += a + b;
            s1 += c + d;
            q0 = Vector256.FusedMultiplyAdd(a, a, q0);
            q1 = Vector256.FusedMultiplyAdd(b, b, q1);
            q2 = Vector256.FusedMultiplyAdd(c, c, q2);
            q3 = Vector256.FusedMultiplyAdd(d, d, q3);
        }
        double sum = Vector256.Sum(s0 + s1), square = Vector256.Sum((q0 + q1) + (q2 + q3));
        for (int k = i * 8; k < x.Length; k++) { sum += x[k]; square += (double)x[k] * x[k]; }
        return (sum, square);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static (double, double) Sums(ReadOnlySpan<double> x)
    {
        Vector256<double> s0 = default, s1 = default, q0 = default, q1 = default;
        var v = MemoryMarshal.Cast<double, Vector256<double>>(x);
        int i = 0;
        for (; i + 1 < v.Length; i += 2)
        {
            s0 += v[i];
            s1 += v[i + 1];
            q0 = Vector256.FusedMultiplyAdd(v[i], v[i], q0);
            q1 = Vector256.FusedMultiplyAdd(v[i + 1], v[i + 1], q1);
        }
        double sum = Vector256.Sum(s0 + s1), square = Vector256.Sum(q0 + q1);
        for (int k = i * 4; k < x.Length; k++) { sum += x[k]; square += x[k] * x[k]; }
        return (sum, square);
    }
}
