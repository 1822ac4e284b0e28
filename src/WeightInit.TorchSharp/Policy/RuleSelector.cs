using System;
using System.Collections.Generic;
using System.Linq;

namespace WeightInit.Policy;

/// <summary>
/// Which parameters a rule covers. Every condition that is set must hold:
/// <see cref="Layer"/> the owning module's type (its class name, full name or a base class's; several with '|');
/// <see cref="Name"/> a glob on the qualified name (<c>blocks.*.attn.W_query.weight</c>, <c>**.bias</c>);
/// <see cref="Param"/> a glob on the name within the owner or its last segment (<c>weight</c>, <c>in_proj_weight</c>,
/// <c>weight_hh_l*</c>, <c>A_log</c>); <see cref="Predicate"/> any test on the site.
/// </summary>
public sealed record RuleSelector
{
    /// <summary>Owning module type names, separated by '|' (a base class matches its subclasses); null: any.</summary>
    public string? Layer { get; init; }
    /// <summary>A glob on the qualified name; null: any.</summary>
    public NameGlob? Name { get; init; }
    /// <summary>A glob on the name within the owner or its last segment; null: any.</summary>
    public NameGlob? Param { get; init; }
    /// <summary>Any test on the site (such a rule cannot be stored as JSON); null: none.</summary>
    public Func<ParameterSite, bool>? Predicate { get; init; }
    /// <summary>How the predicate reads in reports ("requires_grad = false").</summary>
    public string? PredicateDescription { get; init; }

    internal bool Matches(ParameterSite site) =>
        (Layer == null || LayerMatches(site.Owner.GetType())) &&
        (Name == null || Name.IsMatch(site.QualifiedName)) &&
        (Param == null || Param.IsMatch(site.Name) || Param.IsMatch(site.LeafName)) &&
        (Predicate == null || Predicate(site));

    bool LayerMatches(Type type)
    {
        var wanted = Layer!.Split('|', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var t = type; t != null && t != typeof(object); t = t.BaseType)
        {
            string name = t.IsGenericType ? t.Name[..t.Name.IndexOf('`')] : t.Name;
            if (wanted.Contains(name) || wanted.Contains(t.FullName)) return true;
        }
        return false;
    }

    /// <summary>The name a module type is matched by: the class name for TorchSharp's own layers, the full name otherwise.</summary>
    internal static string LayerName(Type type) => type.Namespace == "TorchSharp.Modules" ? type.Name : type.FullName ?? type.Name;

    /// <inheritdoc/>
    public override string ToString()
    {
        var parts = new List<string>();
        if (Layer != null) parts.Add($"layer={Layer}");
        if (Name != null) parts.Add($"name={Name}");
        if (Param != null) parts.Add($"param={Param}");
        if (Predicate != null) parts.Add($"where {PredicateDescription ?? "predicate"}");
        return parts.Count == 0 ? "every parameter" : string.Join(" ", parts);
    }
}
