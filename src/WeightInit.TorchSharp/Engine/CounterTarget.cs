using System;
using TorchSharp;
using WeightInit.Sampling;
using static TorchSharp.torch;

namespace WeightInit.Engine;

/// <summary>Puts a counter draw into a tensor. A contiguous CPU float32/float64/float16/bfloat16 tensor is written in
/// place through its memory; anything else (a strided view, another dtype, a CUDA tensor) gets a contiguous CPU
/// buffer that is then copy_'d in. Element i of the draw is the tensor's i-th element in row-major order, so a
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
        using var buffer = empty(target.shape, ScalarType.Float32, CPU);
        WriteF32(buffer, op, offset, maxDop);
        target.copy_(buffer);
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
        using var buffer = empty(target.shape, ScalarType.Float64, CPU);
        WriteF64(buffer, op, offset, maxDop);
        target.copy_(buffer);
    }

    internal static bool IsDirect(Tensor t) => t.device_type == DeviceType.CPU && t.is_contiguous();
}
