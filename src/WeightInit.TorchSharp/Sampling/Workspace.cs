using System;
using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Sampling;

/// <summary>Where random numbers are drawn for a target tensor. Normally the target itself (so the values and the
/// random stream are PyTorch's); a float32 buffer for float16/bfloat16 targets (low-precision erfinv makes outliers
/// and QR has no half kernels), or a buffer on the generator's device when the target lives elsewhere, copied back.</summary>
internal static class Workspace
{
    internal static ScalarType SamplingType(ScalarType target) =>
        target is ScalarType.Float16 or ScalarType.BFloat16 ? ScalarType.Float32 : target;

    internal static Device SamplingDevice(Tensor target, Generator? generator) => generator?.device ?? target.device;

    internal static bool SameDevice(Device a, Device b) =>
        a.type == b.type && (a.type == DeviceType.CPU || a.index == b.index || a.index < 0 || b.index < 0);

    /// <summary>Runs <paramref name="fill"/> on the target or on a buffer that is then copied into it.</summary>
    internal static void Fill(Tensor target, Generator? generator, Action<Tensor> fill)
    {
        var dtype = SamplingType(target.dtype);
        var device = SamplingDevice(target, generator);
        if (dtype == target.dtype && SameDevice(device, target.device))
        {
            fill(target);
            return;
        }
        using var buffer = empty(target.shape, dtype, device);
        fill(buffer);
        target.copy_(buffer);
    }
}
