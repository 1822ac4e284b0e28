using System;
using System.Collections.Generic;
using TorchSharp;
using WeightInit.Sampling;

namespace WeightInit.Policy;

/// <summary>
/// Parameters marked as initialized for good: a later ApplyInit keeps them (reported as "kept (marked)") unless
/// its policy says <see cref="InitPolicy.OverwriteMarked"/>. Mamba's special parameters are marked when set; mark
/// loaded pretrained weights yourself. The same guard as Hugging Face's <c>_is_hf_initialized</c>.
/// A mark belongs to the tensor, not to the C# wrapper it was made through: another wrapper of the same tensor (a
/// tied alias, a native-backed module's weight read again) is marked too. Marks are weakly held: a mark lasts while
/// the wrapper it was made through is alive.
/// </summary>
public static class InitMarks
{
    // TensorImpl address -> the wrapper the mark was made through. While that wrapper is alive it holds the tensor,
    // so the address cannot be reused by another tensor; once it is collected or disposed the entry is dead.
    static readonly Dictionary<IntPtr, WeakReference<torch.Tensor>> Marked = new();
    static readonly object Gate = new();

    /// <summary>Marks the tensor as initialized, so ApplyInit keeps it (unless the policy <see cref="InitPolicy.OverwriteMarked"/>).</summary>
    /// <param name="parameter">The tensor (any wrapper of it).</param>
    /// <exception cref="System.ArgumentNullException"><paramref name="parameter"/> is null.</exception>
    public static void Mark(torch.Tensor parameter)
    {
        var id = TensorIdentity.Of(parameter);
        lock (Gate)
        {
            if (Marked.Count > 0 && (Marked.Count & 1023) == 0) Purge();
            Marked[id] = new WeakReference<torch.Tensor>(parameter);
        }
    }

    /// <summary>Removes the mark.</summary>
    /// <param name="parameter">The tensor (any wrapper of it).</param>
    /// <exception cref="System.ArgumentNullException"><paramref name="parameter"/> is null.</exception>
    public static void Unmark(torch.Tensor parameter)
    {
        var id = TensorIdentity.Of(parameter);
        lock (Gate) Marked.Remove(id);
    }

    /// <summary>True when the tensor is marked.</summary>
    /// <param name="parameter">The tensor (any wrapper of it).</param>
    /// <exception cref="System.ArgumentNullException"><paramref name="parameter"/> is null.</exception>
    public static bool IsMarked(torch.Tensor parameter)
    {
        var id = TensorIdentity.Of(parameter);
        lock (Gate) return Marked.TryGetValue(id, out var w) && Alive(w, id);
    }

    /// <summary>Marks every parameter of a module tree (after loading pretrained weights, say).</summary>
    public static void MarkAll(torch.nn.Module module)
    {
        foreach (var (_, p) in module.named_parameters()) Mark(p);
    }

    static bool Alive(WeakReference<torch.Tensor> w, IntPtr id) =>
        w.TryGetTarget(out var t) && !t.IsInvalid && TensorIdentity.Of(t) == id;

    static void Purge()
    {
        var dead = new List<IntPtr>();
        foreach (var (id, w) in Marked) if (!Alive(w, id)) dead.Add(id);
        foreach (var id in dead) Marked.Remove(id);
    }
}
