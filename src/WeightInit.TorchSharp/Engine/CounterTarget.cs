using System;
using TorchSharp;
using WeightInit.Sampling;
using static TorchSharp.torch;

namespace WeightInit.Engine;

/// <summary>Puts a counter draw into a tensor. A contiguous CPU float32/float64/float16/bfloat16 tensor is written in
/// place through its memory; anything else (a strided view, another dtype, a CUDA tensor) gets a contiguous CPU
/// buffer that is then copy_'d in (in pieces of <see cref="StagingElements"/> for a contiguous target). Element i of the draw is the tensor's i-th element in row-major order, so a
/// view receives what a contiguous tensor of its shape would, and a CUDA tensor the same bits as a CPU one.</summary>
internal static unsafe class CounterTarget
{
    /// <summary>Float-precision draw (float32/float16/bfloat16 targets; float64 targets are given a float64 draw).</summary>
    internal static void WriteF32(Tensor target, CounterOp op, long offset, int maxDop)
    {
        if (IsDirect(target) && target.dtype is ScalarType.Float32 or ScalarType.Float16 or ScalarType.BFloat16)
        {
            TensorMemory.ForPieces(target, (ptr, start, count) =>
            {
                switch (target.dtype)
                {
                    case ScalarType.Float32: CounterRange.F32(op, (float*)ptr, offset + start, count, maxDop); break;
                    case ScalarType.Float16: CounterRange.F16(op, (ushort*)ptr, offset + start, count, maxDop); break;
                    default: CounterRange.BF16(op, (ushort*)ptr, offset + start, count, maxDop); break;
                }
                return true;
            });
            return;
        }
        Staged(target, ScalarType.Float32, StagingElements, (buffer, start) => WriteF32(buffer, op, offset + start, maxDop));
    }

    internal static void WriteF64(Tensor target, CounterOp op, long offset, int maxDop)
    {
        if (IsDirect(target) && target.dtype == ScalarType.Float64)
        {
            TensorMemory.ForPieces(target, (ptr, start, count) =>
            {
                CounterRange.F64(op, (double*)ptr, offset + start, count, maxDop);
                return true;
            });
            return;
        }
        Staged(target, ScalarType.Float64, StagingElements, (buffer, start) => WriteF64(buffer, op, offset + start, maxDop));
    }

    /// <summary>Elements of the CPU staging buffer for a target that cannot be written in place (a CUDA tensor, a
    /// strided view): 16M (64 MiB of float32), so a 2 GiB embedding on a GPU is not staged whole on the CPU.</summary>
    internal const long StagingElements = 1L << 24;

    /// <summary>Fills <paramref name="target"/> through a contiguous CPU buffer of <paramref name="dtype"/>: a
    /// contiguous target in pieces of at most <paramref name="chunk"/> elements (piece k gets draw elements
    /// [k·chunk, …), as a whole fill would), a strided one through one buffer of its shape.</summary>
    internal static void Staged(Tensor target, ScalarType dtype, long chunk, Action<Tensor, long> fill)
    {
        long n = target.numel();
        if (!target.is_contiguous() || n <= chunk)
        {
            using var whole = empty(target.shape, dtype, CPU);
            fill(whole, 0);
            target.copy_(whole);
            return;
        }
        using var flat = target.view(-1);
        using var buffer = empty(new[] { chunk }, dtype, CPU);
        for (long start = 0; start < n; start += chunk)
        {
            long count = Math.Min(chunk, n - start);
            using var part = count == chunk ? buffer.alias() : buffer.narrow(0, 0, count);
            fill(part, start);
            using var destination = flat.narrow(0, start, count);
            destination.copy_(part);
        }
    }

    internal static bool IsDirect(Tensor t) => t.device_type == DeviceType.CPU && t.is_contiguous();
}
