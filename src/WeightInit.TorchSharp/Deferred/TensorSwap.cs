using System;
using System.Collections.Generic;
using System.Linq;
using System.Reflection;
using TorchSharp;
using WeightInit.Policy;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace WeightInit.Deferred;

/// <summary>Replaces a module tree's parameters and buffers with new tensors, the way TorchSharp's own
/// <c>Module._to</c> does: through a public property with a setter where the module has one (Linear.weight,
/// Embedding.weight, which writes the native module, BatchNorm's running stats), else by re-registering the name and
/// updating the module's fields that held the old tensor. A tensor listed under several names (tied weights) gets
/// one new tensor for all of them.</summary>
internal static class TensorSwap
{
    /// <summary>One name of one tensor of one module.</summary>
    internal sealed record Slot(nn.Module Module, string Path, string Name, bool IsParameter, IntPtr Impl, Tensor Old,
        long[] Shape, ScalarType DType, bool RequiresGrad, bool Persistent)
    {
        public string QualifiedName => Path.Length == 0 ? Name : $"{Path}.{Name}";
    }

    const BindingFlags Instance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    static readonly MethodInfo RegisterParameter = typeof(nn.Module).GetMethod("ConditionallyRegisterParameter", Instance, new[] { typeof(string), typeof(Parameter) })
        ?? throw new MissingMethodException("TorchSharp's Module.ConditionallyRegisterParameter(string, Parameter) was not found.");
    static readonly MethodInfo RegisterBuffer = typeof(nn.Module).GetMethod("ConditionallyRegisterBuffer", Instance, new[] { typeof(string), typeof(Tensor), typeof(bool) })
        ?? throw new MissingMethodException("TorchSharp's Module.ConditionallyRegisterBuffer(string, Tensor, bool) was not found.");
    static readonly MethodInfo NativeParameters = typeof(nn.Module).GetMethod("_named_parameters", Instance, Type.EmptyTypes)!;
    static readonly MethodInfo NativeBuffers = typeof(nn.Module).GetMethod("_named_buffers", Instance, Type.EmptyTypes)!;
    static readonly FieldInfo? Buffers = typeof(nn.Module).GetField("_internal_buffers", Instance);
    static readonly FieldInfo? DeviceTypeField = typeof(nn.Module).GetField("_deviceType", Instance);
    static readonly FieldInfo? DeviceIndexField = typeof(nn.Module).GetField("_deviceIndex", Instance);

    /// <summary>Every parameter and buffer name of the tree (or of the root alone), in PyTorch's order.</summary>
    internal static List<Slot> Collect(nn.Module root, bool recurse)
    {
        var modules = recurse ? ModuleWalker.Modules(root).ToList() : new List<(string, nn.Module)> { ("", root) };
        var slots = new List<Slot>();
        foreach (var (path, module) in modules)
        {
            foreach (var (name, p) in module.named_parameters(recurse: false))
                slots.Add(new Slot(module, path, name, true, TensorIdentity.Of(p), p, p.shape, p.dtype, p.requires_grad, true));
            foreach (var (name, b, persistent) in OwnBuffers(module))
                slots.Add(new Slot(module, path, name, false, TensorIdentity.Of(b), b, b.shape, b.dtype, false, persistent));
        }
        return slots;
    }

    /// <summary>The slots that get new storage on <paramref name="device"/>: all but the tensors held by native code
    /// that TorchSharp gives no way to replace (LSTM, GRU, RNN, MultiheadAttention and Transformer layers in TorchSharp
    /// 0.107) and that are on the device already, which keep their storage. Native-held tensors elsewhere (on META) are
    /// a NotSupportedException that names each.</summary>
    internal static List<Slot> Replaceable(List<Slot> slots, Device device)
    {
        var problems = new List<string>();
        var kept = new HashSet<Slot>(ReferenceEqualityComparer.Instance);
        foreach (var group in slots.GroupBy(s => s.Module, ReferenceEqualityComparer.Instance))
        {
            var module = (nn.Module)group.Key!;
            HashSet<string>? native = null;
            foreach (var s in group)
            {
                if (Setter(module, s.Name, s.IsParameter) == null && (native ??= NativeNames(module)).Contains(s.Name))
                {
                    if (IsOn(s.Old, device)) kept.Add(s);
                    else problems.Add($"{s.QualifiedName} ({module.GetType().Name}, on {s.Old.device}): held by the native module, and TorchSharp has no setter for it");
                }
            }
        }
        if (problems.Count > 0)
            throw new NotSupportedException($"These tensors cannot be given new storage on {device}; build their layers there (inside " +
                "DeferredInit.Build, pass device: to their constructors): to_empty then keeps their storage, and Materialize fills it in place:"
                + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)));
        return slots.Where(s => !kept.Contains(s)).ToList();
    }

    /// <summary>Whether the tensor is on the device (a CUDA device without an index is cuda:0).</summary>
    internal static bool IsOn(Tensor t, Device device) =>
        t.device_type == device.type && (device.type != DeviceType.CUDA || t.device_index == Math.Max(device.index, 0));

    /// <summary>Gives every slot a new uninitialized tensor on <paramref name="device"/> (same shape, dtype and
    /// requires_grad), one per distinct tensor. Everything is allocated before anything is replaced, so an allocation
    /// failure leaves the module as it was. Returns the new tensor of each distinct old one.</summary>
    internal static Dictionary<IntPtr, Tensor> Replace(List<Slot> slots, Device device, bool hugePages = false)
    {
        var created = new Dictionary<IntPtr, Tensor>();
        Tensor? pending = null;
        try
        {
            foreach (var s in slots)
            {
                if (created.ContainsKey(s.Impl)) continue;
                pending = empty(s.Shape, s.DType, device).DetachFromDisposeScope();
                if (hugePages) HugePages.Advise(pending);
                created[s.Impl] = s.IsParameter ? new Parameter(pending, s.RequiresGrad).DetachFromDisposeScope() : pending;
                pending = null;
            }
        }
        catch
        {
            pending?.Dispose(); // allocated, not yet wrapped as a parameter
            foreach (var t in created.Values) t.Dispose();
            throw;
        }
        // Fields are read before any setter runs: a setter disposes the old wrapper, which a user's field may share.
        var fields = new Dictionary<nn.Module, List<(FieldInfo Field, IntPtr Impl)>>(ReferenceEqualityComparer.Instance);
        foreach (var s in slots) if (!fields.ContainsKey(s.Module)) fields[s.Module] = TensorFields(s.Module);
        var firstOwner = new Dictionary<IntPtr, Slot>();
        foreach (var s in slots)
        {
            var fresh = created[s.Impl];
            if (firstOwner.TryGetValue(s.Impl, out var first)) fresh = OwnWrapper(first, fresh);
            else firstOwner[s.Impl] = s;
            Assign(s, fresh, fields[s.Module]);
        }
        // The old wrappers are no longer the module's (setters that dispose them already did, Embedding's does not):
        // release their native handles rather than leave them to the finalizer.
        foreach (var s in slots)
            if (!s.Old.IsInvalid && !created.Values.Any(t => ReferenceEquals(t, s.Old))) s.Old.Dispose();
        foreach (var m in fields.Keys)
        {
            DeviceTypeField?.SetValue(m, device.type);
            DeviceIndexField?.SetValue(m, device.type == DeviceType.CUDA ? device.index : -1);
        }
        return created;
    }

    static void Assign(Slot s, Tensor fresh, List<(FieldInfo Field, IntPtr Impl)> fields)
    {
        if (Setter(s.Module, s.Name, s.IsParameter) is { } property) property.SetValue(s.Module, fresh);
        else if (s.IsParameter) RegisterParameter.Invoke(s.Module, new object?[] { s.Name, fresh });
        else RegisterBuffer.Invoke(s.Module, new object?[] { s.Name, fresh, s.Persistent });
        foreach (var (field, impl) in fields)
            if (impl == s.Impl && field.FieldType.IsInstanceOfType(fresh)) field.SetValue(s.Module, fresh);
    }

    /// <summary>A second owner of a tied tensor gets its own wrapper where the first owner hands out new ones (as
    /// <c>head.weight = wte.weight</c> does with an Embedding), so a later setter that disposes one owner's wrapper
    /// does not invalidate the other's; otherwise the same object, as an assignment in user code would give.</summary>
    static Tensor OwnWrapper(Slot first, Tensor fresh)
    {
        var property = Setter(first.Module, first.Name, first.IsParameter);
        if (property?.GetValue(first.Module) is Tensor again && !ReferenceEquals(again, fresh) && TensorIdentity.Same(again, fresh))
            return again;
        return fresh;
    }

    /// <summary>The module's public settable property of that name that takes the tensor, if any.</summary>
    static PropertyInfo? Setter(nn.Module module, string name, bool parameter)
    {
        var property = module.GetType().GetProperties(BindingFlags.Instance | BindingFlags.Public).FirstOrDefault(p => p.Name == name);
        if (property is null || !property.CanWrite || property.SetMethod is not { IsPublic: true } || property.GetIndexParameters().Length > 0) return null;
        return property.PropertyType.IsAssignableFrom(parameter ? typeof(Parameter) : typeof(Tensor)) ? property : null;
    }

    /// <summary>Instance fields of tensor type (through the class hierarchy below nn.Module) and the tensor each
    /// holds now.</summary>
    static List<(FieldInfo Field, IntPtr Impl)> TensorFields(nn.Module module)
    {
        var list = new List<(FieldInfo Field, IntPtr Impl)>();
        for (var t = module.GetType(); t != null && t != typeof(nn.Module) && t != typeof(object); t = t.BaseType)
            foreach (var f in t.GetFields(Instance | BindingFlags.DeclaredOnly))
                if (typeof(Tensor).IsAssignableFrom(f.FieldType) && f.GetValue(module) is Tensor { IsInvalid: false } value)
                    list.Add((f, TensorIdentity.Of(value)));
        return list;
    }

    static HashSet<string> NativeNames(nn.Module module)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, p) in (ValueTuple<string, Parameter>[])NativeParameters.Invoke(module, null)!) { names.Add(name); p.Dispose(); }
        foreach (var (name, b) in (ValueTuple<string, Tensor>[])NativeBuffers.Invoke(module, null)!) { names.Add(name); b.Dispose(); }
        return names;
    }

    /// <summary>The module's own buffers with their persistence. TorchSharp 0.107's <c>named_buffers(recurse: false)</c>
    /// skips non-persistent buffers whatever <c>include_nonpersistent</c> says, so the registry is read directly: a
    /// non-persistent buffer (a causal mask, a rotary cache) must not stay on META unseen.</summary>
    internal static List<(string Name, Tensor Buffer, bool Persistent)> OwnBuffers(nn.Module module)
    {
        var list = new List<(string, Tensor, bool)>();
        if (Buffers?.GetValue(module) is IEnumerable<(string, (Tensor, bool))> registry)
        {
            foreach (var (name, (tensor, persistent)) in registry)
                if (tensor is { IsInvalid: false }) list.Add((name, tensor, persistent));
            return list;
        }
        foreach (var (name, b) in module.named_buffers(recurse: false)) list.Add((name, b, true));
        return list;
    }
}
