using System.Collections.Generic;
using TorchSharp;

namespace WeightInit.Policy;

/// <summary>Lists a module tree's parameters in PyTorch's order: depth-first pre-order over modules (the root
/// first, children in registration order), each module's own parameters in registration order. TorchSharp's
/// <c>named_modules()</c> omits the root and goes breadth-first, so it is not used.</summary>
public static class ModuleWalker
{
    public static IReadOnlyList<ParameterSite> Sites(torch.nn.Module root)
    {
        var sites = new List<ParameterSite>();
        var seen = new HashSet<torch.Tensor>(ReferenceEqualityComparer.Instance);
        Walk(root, "", sites, seen);
        return sites;
    }

    /// <summary>Modules in PyTorch's <c>named_modules()</c> order (pre-order, root first with an empty name).</summary>
    public static IEnumerable<(string Path, torch.nn.Module Module)> Modules(torch.nn.Module root)
    {
        yield return ("", root);
        foreach (var (name, child) in root.named_children())
            foreach (var (path, m) in Modules(child))
                yield return (path.Length == 0 ? name : $"{name}.{path}", m);
    }

    static void Walk(torch.nn.Module module, string path, List<ParameterSite> sites, HashSet<torch.Tensor> seen)
    {
        foreach (var (name, p) in module.named_parameters(recurse: false))
            if (seen.Add(p)) // a shared (tied) parameter is visited once, where PyTorch first lists it
                sites.Add(new ParameterSite(path.Length == 0 ? name : $"{path}.{name}", name, path, module, p, sites.Count));
        foreach (var (name, child) in module.named_children())
            Walk(child, path.Length == 0 ? name : $"{path}.{name}", sites, seen);
    }
}
