using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using TorchSharp;
using WeightInit.Sampling;

namespace WeightInit.Policy;

/// <summary>Lists a module tree's parameters in PyTorch's order: depth-first pre-order over modules (the root
/// first, children in registration order), each module's own parameters in registration order. TorchSharp's
/// <c>named_modules()</c> omits the root and lists a module's direct children before recursing into each, so it is
/// not used. A tensor listed under several names (tied weights: <c>head.weight = wte.weight</c>) is one site, under
/// its first name, as PyTorch's <c>named_parameters()</c> (remove_duplicate=True); its other names are aliases.</summary>
internal static class ModuleWalker
{
    /// <summary>Every distinct parameter, under its first name.</summary>
    public static IReadOnlyList<ParameterSite> Sites(torch.nn.Module root) =>
        Walk(root).Where(e => e.TiedTo == null).Select(e => e.Site).ToList();

    /// <summary>One name of a parameter: its site, and for a second (or later) name of a tied tensor, the site of the
    /// first name (the one that is initialized).</summary>
    internal readonly record struct Entry(ParameterSite Site, ParameterSite? TiedTo);

    /// <summary>Every name of every parameter, in order; aliases carry the site they are tied to. Throws
    /// ObjectDisposedException when a module or parameter of the tree has been disposed.</summary>
    internal static List<Entry> Walk(torch.nn.Module root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var entries = new List<Entry>();
        var first = new Dictionary<IntPtr, ParameterSite>();
        int index = 0;
        foreach (var (path, module) in Modules(root))
        {
            ThrowIfDisposed(module, path);
            foreach (var (name, p) in module.named_parameters(recurse: false))
            {
                string qualified = path.Length == 0 ? name : $"{path}.{name}";
                if (p.IsInvalid) throw new ObjectDisposedException(qualified, $"Parameter '{qualified}' has been disposed.");
                var impl = TensorIdentity.Of(p);
                if (first.TryGetValue(impl, out var original))
                    entries.Add(new Entry(new ParameterSite(qualified, name, path, module, p, original.Index), original));
                else
                {
                    var site = new ParameterSite(qualified, name, path, module, p, index++);
                    first[impl] = site;
                    entries.Add(new Entry(site, null));
                }
            }
        }
        return entries;
    }

    /// <summary>Modules in PyTorch's <c>named_modules()</c> order (pre-order, root first with an empty name).</summary>
    public static IEnumerable<(string Path, torch.nn.Module Module)> Modules(torch.nn.Module root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var list = new List<(string, torch.nn.Module)>();
        Collect(root, "", list);
        return list;
    }

    static void Collect(torch.nn.Module module, string path, List<(string, torch.nn.Module)> list)
    {
        list.Add((path, module));
        foreach (var (name, child) in module.named_children())
            Collect(child, path.Length == 0 ? name : path + "." + name, list);
    }

    static readonly FieldInfo? HandleField = typeof(torch.nn.Module).GetField("handle", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);

    /// <summary>A disposed module lists no parameters, so walking it would report "nothing to do". TorchSharp shows
    /// disposal in one of two ways: the module's native handle is closed (native-backed and user modules), or the
    /// tensors its fields hold are (managed layers such as Linear, whose handle stays open).</summary>
    static void ThrowIfDisposed(torch.nn.Module module, string path)
    {
        bool disposed = HandleField?.GetValue(module) is System.Runtime.InteropServices.SafeHandle h && h.IsInvalid;
        if (!disposed)
            for (var t = module.GetType(); t != null && t != typeof(torch.nn.Module) && !disposed; t = t.BaseType)
                foreach (var f in t.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.DeclaredOnly))
                    if (typeof(torch.Tensor).IsAssignableFrom(f.FieldType) && f.GetValue(module) is torch.Tensor { IsInvalid: true })
                    { disposed = true; break; }
        if (disposed)
        {
            string where = path.Length == 0 ? "the root module" : $"module '{path}'";
            throw new ObjectDisposedException(module.GetType().Name, $"Cannot initialize {where} ({module.GetType().Name}): it has been disposed.");
        }
    }
}
