using System.Runtime.CompilerServices;
using TorchSharp;

namespace WeightInit.Policy;

/// <summary>
/// Parameters marked as initialized for good: a later ApplyInit keeps them (reported as "kept (marked)") unless
/// its policy says <see cref="InitPolicy.OverwriteMarked"/>. Mamba's special parameters are marked when set; mark
/// loaded pretrained weights yourself. The same guard as Hugging Face's <c>_is_hf_initialized</c>. Weakly held.
/// </summary>
public static class InitMarks
{
    static readonly ConditionalWeakTable<torch.Tensor, object> Marked = new();

    public static void Mark(torch.Tensor parameter) => Marked.AddOrUpdate(parameter, Marked);
    public static void Unmark(torch.Tensor parameter) => Marked.Remove(parameter);
    public static bool IsMarked(torch.Tensor parameter) => Marked.TryGetValue(parameter, out _);

    /// <summary>Marks every parameter of a module tree (after loading pretrained weights, say).</summary>
    public static void MarkAll(torch.nn.Module module)
    {
        foreach (var (_, p) in module.named_parameters()) Mark(p);
    }
}
