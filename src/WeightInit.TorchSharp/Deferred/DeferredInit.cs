using System;
using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Deferred;

/// <summary>Builds a model on the META device: every parameter and buffer has its shape and dtype but no storage,
/// so even a model larger than memory is built in moments. Then <see cref="ModuleToEmptyExtensions.to_empty{T}"/>
/// or <see cref="MaterializeExtensions.Materialize(nn.Module, Policy.InitPolicy, Engine.InitEngine, Device?, MaterializeOptions?)"/>
/// gives it storage.</summary>
public static class DeferredInit
{
    // TorchSharp's default device is one static field for the whole process: Builds run one at a time so that
    // each restores the device it found.
    static readonly object Gate = new();

    /// <summary>Runs <paramref name="constructor"/> with META as TorchSharp's default device
    /// (<c>torch.set_default_device</c>), so built-in and user modules alike create their tensors on META, and
    /// restores the previous default device afterwards, also when the constructor throws. TorchSharp's default
    /// device is process-wide: tensors that other threads create meanwhile without a device land on META too. The first
    /// Build of a process also compiles Materialize's code on a background thread while the constructor runs (it
    /// touches no tensor of yours and no default).</summary>
    /// <typeparam name="T">The module type the constructor returns.</typeparam>
    /// <param name="constructor">Builds the model, e.g. <c>() =&gt; new MyModel(cfg)</c>.</param>
    /// <returns>The model, every parameter and buffer on META.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="constructor"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The constructor returned null.</exception>
    public static T Build<T>(Func<T> constructor) where T : nn.Module
    {
        ArgumentNullException.ThrowIfNull(constructor);
        MaterializeWarmup.Start();
        lock (Gate)
        {
            var previous = get_default_device();
            set_default_device(META);
            try
            {
                return constructor() ?? throw new InvalidOperationException("The constructor passed to DeferredInit.Build returned null.");
            }
            finally
            {
                set_default_device(previous);
            }
        }
    }
}
