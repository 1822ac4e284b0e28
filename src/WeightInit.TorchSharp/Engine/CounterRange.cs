using System;
using System.Buffers;
using System.Threading.Tasks;

namespace WeightInit.Engine;

/// <summary>Runs the kernels over an arbitrary element range [start, start + count) of a stream into memory, split
/// into fixed, globally aligned chunks that Parallel.For spreads over cores. The chunk grid depends on element
/// indices only, so 1, 2 or 8 threads write the same bits.</summary>
internal static unsafe class CounterRange
{
    /// <summary>Elements per work item: big enough to amortize scheduling, a multiple of both group sizes (80, 32).</summary>
    internal const long Chunk = 40960;

    /// <summary>Fills of at least this many elements bypass the caches (see <see cref="CounterOp.NonTemporal"/>).</summary>
    internal const long NonTemporalFrom = 1 << 20;

    internal static void F32(CounterOp op, float* dst, long start, long count, int maxDop)
    {
        op = op with { NonTemporal = count >= NonTemporalFrom };
        Chunks(start, count, maxDop, (s, n) => Range(op, dst + (s - start), s, n));
    }

    internal static void F64(CounterOp op, double* dst, long start, long count, int maxDop)
    {
        op = Unmultiplied(op);
        Chunks(start, count, maxDop, (s, n) => Range(op, dst + (s - start), s, n));
    }

    /// <summary>float32 values rounded to float16 (IEEE, nearest-even, as (Half)x and torch's copy_).</summary>
    internal static void F16(CounterOp op, ushort* dst, long start, long count, int maxDop)
    {
        op = Unmultiplied(op);
        Chunks(start, count, maxDop, (s, n) => Narrowed(op, dst + (s - start), s, n, bfloat: false));
    }

    /// <summary>float32 values rounded to bfloat16 (nearest-even, as c10::BFloat16).</summary>
    internal static void BF16(CounterOp op, ushort* dst, long start, long count, int maxDop)
    {
        op = Unmultiplied(op);
        Chunks(start, count, maxDop, (s, n) => Narrowed(op, dst + (s - start), s, n, bfloat: true));
    }

    delegate void Piece(long start, long count);

    /// <summary>The multiplier is applied by the float32 kernels only: a narrowed or float64 output would round twice
    /// differently from a draw followed by mul_.</summary>
    static CounterOp Unmultiplied(CounterOp op) =>
        op.Multiplied ? throw new InvalidOperationException("A multiplied draw is for float32 outputs only.") : op;

    static void Chunks(long start, long count, int maxDop, Piece piece)
    {
        if (count <= 0) return;
        long first = start / Chunk, last = (start + count - 1) / Chunk;
        if (first == last || maxDop == 1)
        {
            for (long k = first; k <= last; k++) Run(k);
            return;
        }
        Parallel.For(first, last + 1, new ParallelOptions { MaxDegreeOfParallelism = maxDop }, Run);

        void Run(long k)
        {
            long s = Math.Max(start, k * Chunk), e = Math.Min(start + count, (k + 1) * Chunk);
            piece(s, e - s);
        }
    }

    static void Range(CounterOp op, float* dst, long start, long count) =>
        Range<float>(op, dst, start, count, CounterKernels.F32Group, &CounterKernels.F32);

    static void Range(CounterOp op, double* dst, long start, long count) =>
        Range<double>(op, dst, start, count, CounterKernels.F64Group, &CounterKernels.F64);

    /// <summary>Whole groups straight into dst; a partial group at either end is computed whole into a scratch
    /// group and trimmed, so it gets exactly the bits it would get inside a larger range.</summary>
    static void Range<T>(in CounterOp op, T* dst, long start, long count, int group,
        delegate*<in CounterOp, long, long, T*, void> kernel) where T : unmanaged
    {
        long end = start + count;
        T* scratch = stackalloc T[group];
        long firstFull = (start + group - 1) / group, endFull = end / group;
        if (firstFull > endFull)
        {
            kernel(op, start / group, 1, scratch);
            new Span<T>(scratch + start % group, (int)count).CopyTo(new Span<T>(dst, (int)count));
            return;
        }
        if (start % group != 0)
        {
            int head = (int)(firstFull * group - start);
            kernel(op, start / group, 1, scratch);
            new Span<T>(scratch + group - head, head).CopyTo(new Span<T>(dst, head));
        }
        kernel(op, firstFull, endFull - firstFull, dst + (firstFull * group - start));
        if (end % group != 0)
        {
            int tail = (int)(end % group);
            kernel(op, endFull, 1, scratch);
            new Span<T>(scratch, tail).CopyTo(new Span<T>(dst + (endFull * group - start), tail));
        }
    }

    static void Narrowed(CounterOp op, ushort* dst, long start, long count, bool bfloat)
    {
        var buffer = ArrayPool<float>.Shared.Rent((int)count);
        try
        {
            fixed (float* f = buffer)
            {
                Range(op, f, start, count);
                var wide = new ReadOnlySpan<float>(f, (int)count);
                var narrow = new Span<ushort>(dst, (int)count);
                if (bfloat) Narrowing.ToBFloat16(wide, narrow);
                else Narrowing.ToHalf(wide, narrow);
            }
        }
        finally { ArrayPool<float>.Shared.Return(buffer); }
    }
}
