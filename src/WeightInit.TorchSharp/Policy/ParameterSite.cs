using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace WeightInit.Policy;

/// <summary>One parameter of a module tree, where rules look at it: its qualified name (as PyTorch's
/// <c>named_parameters()</c>), the module that owns it and that module's path, and the tensor.</summary>
/// <param name="QualifiedName">Full dotted name, e.g. <c>blocks.0.attn.W_query.weight</c>.</param>
/// <param name="Name">Name within its owner, e.g. <c>weight</c>, or <c>out_proj.weight</c> for MultiheadAttention.</param>
/// <param name="ModulePath">Dotted path of the owner; empty for the root.</param>
/// <param name="Owner">The module that registered the parameter.</param>
/// <param name="Parameter">The parameter itself.</param>
/// <param name="Index">Position in visiting order (PyTorch's named_parameters order).</param>
public sealed record ParameterSite(string QualifiedName, string Name, string ModulePath, nn.Module Owner, Parameter Parameter, int Index)
{
    /// <summary>Last dotted segment of the name: <c>weight</c>, <c>bias</c>, <c>A_log</c>.</summary>
    public string LeafName => Name[(Name.LastIndexOf('.') + 1)..];

    /// <summary>The parameter's shape.</summary>
    public long[] Shape => Parameter.shape;
    /// <summary>The parameter's dtype.</summary>
    public ScalarType DType => Parameter.dtype;

    /// <summary>A sibling parameter of the same owner, by its name within the owner (e.g. the weight of a bias);
    /// a trailing '*' takes the first name with that prefix (<c>weight_hh*</c>).</summary>
    public Parameter? Sibling(string name)
    {
        foreach (var (n, p) in Owner.named_parameters(recurse: false))
            if (n == name || (name.EndsWith('*') && n.StartsWith(name[..^1], System.StringComparison.Ordinal))) return p;
        return null;
    }
}
