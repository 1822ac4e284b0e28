using System;
using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Deferred;

/// <summary><c>module.to_empty(device)</c>: PyTorch's <c>Module.to_empty</c> for TorchSharp.</summary>
public static class ModuleToEmptyExtensions
{
    /// <summary>Gives every parameter and buffer new, uninitialized storage on <paramref name="device"/>
    /// (<c>torch.empty</c> of the same shape and dtype; nothing is zeroed), as PyTorch's
    /// <c>module.to_empty(device=...)</c>: the way to turn a model built on META (<see cref="DeferredInit.Build{T}"/>)
    /// into one with memory, before initializing or loading it. Parameters stay parameters with their requires_grad
    /// (frozen ones stay frozen); the module's own fields and properties get the new tensors, so forward uses them
    /// (native-backed layers such as Embedding through their setters); a tensor listed under several names (tied
    /// weights) gets one new tensor, so the tie holds. Everything is allocated before anything is replaced: a failure
    /// leaves the module as it was. The values are whatever the memory held: initialize or load every tensor.</summary>
    /// <typeparam name="T">The module type (returned for chaining).</typeparam>
    /// <param name="module">The module; with <paramref name="recurse"/> its whole tree.</param>
    /// <param name="device">Where the new storage goes.</param>
    /// <param name="recurse">True: the module and all its submodules; false: the module's own tensors only.</param>
    /// <returns>The same module.</returns>
    /// <exception cref="ArgumentNullException">A null module or device.</exception>
    /// <exception cref="ObjectDisposedException">A parameter or buffer of the tree has been disposed.</exception>
    /// <exception cref="NotSupportedException">A layer holds its tensors in native code without a setter (TorchSharp
    /// 0.107's LSTM, GRU, RNN, MultiheadAttention, Transformer layers) and they are not on <paramref name="device"/>
    /// (built on META); the message names each tensor, and nothing was changed. Such a layer built on the device
    /// keeps its storage.</exception>
    public static T to_empty<T>(this T module, Device device, bool recurse = true) where T : nn.Module
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(device);
        var slots = TensorSwap.Replaceable(TensorSwap.Collect(module, recurse), device);
        TensorSwap.Replace(slots, device);
        return module;
    }
}
