using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace WeightInit.Deferred;

/// <summary>What <c>Materialize</c> should not initialize by the policy, and how to fill buffers.</summary>
public sealed record MaterializeOptions
{
    /// <summary>Qualified names of parameters and buffers that a checkpoint will fill: allocated but left unwritten
    /// (load them next, e.g. with TorchSharp.PyBridge's <c>load_py(..., strict: false)</c>). Any name of a tied tensor
    /// counts for the tensor. A name the model does not have is an error.</summary>
    public IReadOnlyCollection<string> Provided { get; init; } = Array.Empty<string>();

    /// <summary>Initializers of buffers by qualified name (a rotary cache, a causal mask): each gets the new,
    /// uninitialized tensor to fill. BatchNorm/InstanceNorm running statistics need none (PyTorch's defaults:
    /// running_mean 0, running_var 1, num_batches_tracked 0); every other buffer needs one, or must be provided.</summary>
    public IReadOnlyDictionary<string, Action<Tensor>> Buffers { get; init; } = new Dictionary<string, Action<Tensor>>();

    /// <summary>Report each parameter's mean and std (a second read of every parameter, on one background thread, as
    /// ApplyInit does). Off by default: materializing then touches each parameter once.</summary>
    public bool Statistics { get; init; }

    /// <summary>On Linux, ask for transparent huge pages (madvise) on each new CPU tensor of 4 MiB or more before it
    /// is filled: far fewer page faults when the fill first touches the memory. On by default; where the kernel's
    /// THP setting is "never" it changes nothing. Values never depend on it.</summary>
    public bool HugePages { get; init; } = true;

    /// <summary>Embedding padding rows (<c>padding_idx</c>) by the weight's qualified name: that row stays zero, as
    /// PyTorch's and TorchSharp's Embedding keep it. An eagerly built embedding shows its zero row and ApplyInit keeps
    /// it; a META one cannot (TorchSharp does not expose padding_idx), so without an entry here its padding row is
    /// drawn like any other. A name the model does not have, or a row outside a 2-D weight, is an error.</summary>
    public IReadOnlyDictionary<string, long> PaddingRows { get; init; } = new Dictionary<string, long>();
}
