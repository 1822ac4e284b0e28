using System;
using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace WeightInit.Policy;

/// <summary>Which tensor a wrapper stands for. TorchSharp makes a new <see cref="Tensor"/> (and a new native handle) on
/// each access to a native-backed module's weight (<c>Embedding.weight</c>), and lists a tied parameter under every
/// name, so neither the C# reference nor <see cref="Tensor.Handle"/> tells two parameters apart from one. What does
/// is the libtorch <c>TensorImpl</c> behind them: the one object that a PyTorch <c>Parameter</c> (and so
/// <c>named_parameters()</c>'s duplicate removal) stands for, on every device including META.</summary>
internal static class TensorIdentity
{
    /// <summary>The TensorImpl address. A TorchSharp handle points to a native <c>at::Tensor</c>, whose one field is
    /// its <c>intrusive_ptr&lt;TensorImpl&gt;</c>; the value is meaningful only while the wrapper is alive.</summary>
    internal static IntPtr Of(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.IsInvalid) throw new ObjectDisposedException(nameof(Tensor), "The tensor has been disposed.");
        return Marshal.ReadIntPtr(tensor.Handle);
    }

    /// <summary>True when both wrappers stand for the same tensor.</summary>
    internal static bool Same(Tensor a, Tensor b) => Of(a) == Of(b);
}
