using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using WeightInit.Engine;
using WeightInit.Policy;
using WeightInit.Sampling;
using static TorchSharp.torch;

namespace WeightInit.Deferred;

/// <summary><c>model.Materialize(policy, engine)</c>: a model built on META (<see cref="DeferredInit.Build{T}"/>)
/// gets its memory and its initial values in one pass.</summary>
public static class MaterializeExtensions
{
    /// <summary>Resolves and validates the policy on the META shapes (nothing is allocated if it does not fit), then
    /// allocates every tensor uninitialized on <paramref name="device"/> (<see cref="ModuleToEmptyExtensions.to_empty{T}"/>)
    /// and writes each parameter once, from the engine's stream named by its qualified name: the same values as
    /// building the model eagerly and calling <c>ApplyInit(policy, engine)</c>. The memory is first touched by the
    /// fill itself (the engine's threads), with no zeroing pass. Buffers: see <see cref="MaterializeOptions.Buffers"/>.
    /// Layers that TorchSharp keeps in native code (LSTM, GRU, RNN, MultiheadAttention, the Transformer layers) cannot
    /// get storage from META: build them with <c>device:</c> set to <paramref name="device"/> inside the constructor, and
    /// their tensors are filled in place, as ApplyInit fills them.</summary>
    /// <param name="module">A model built on META; tensors built with storage must be on <paramref name="device"/>.</param>
    /// <param name="policy">The init policy.</param>
    /// <param name="engine">The counter engine.</param>
    /// <param name="device">Where the model goes (default CPU); a CUDA target is filled per parameter through a CPU
    /// staging buffer of at most 16M elements, piece by piece: never a whole parameter, nor the model, on the CPU.</param>
    /// <param name="options">Checkpoint-provided names, buffer initializers, statistics.</param>
    /// <returns>The report (no mean/std unless <see cref="MaterializeOptions.Statistics"/>).</returns>
    /// <exception cref="ArgumentNullException">A null module, policy or engine.</exception>
    /// <exception cref="ArgumentException">No tensor on META (a built model: use ApplyInit), a tensor with storage on
    /// another device, or a provided/buffer name the model does not have.</exception>
    /// <exception cref="InitPolicyException">The policy does not fit; or parameters that would be left without values
    /// (kept or not covered, and not provided), or buffers with no initializer: each is named, before anything is
    /// allocated.</exception>
    /// <exception cref="NotSupportedException">A layer whose tensors cannot be replaced (see to_empty).</exception>
    /// <exception cref="PartialInitException">A failure no check can foresee while filling (out of memory, a device
    /// error); the model is then allocated but only partly written.</exception>
    public static InitReport Materialize(this nn.Module module, InitPolicy policy, InitEngine engine, Device? device = null, MaterializeOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return Run(module, policy, device, options, site => engine.Stream(site.QualifiedName));
    }

    /// <summary>As above, drawing from libtorch's generator (null: the global one, seeded by
    /// <c>torch.manual_seed</c>) in PyTorch's named_parameters() order: with <see cref="InitPolicy.TorchDefaults()"/>
    /// that gives TorchSharp's eager constructors' values for models whose construction order is their parameter
    /// order.</summary>
    /// <param name="module">A model built on META; tensors built with storage must be on <paramref name="device"/>.</param>
    /// <param name="policy">The init policy.</param>
    /// <param name="generator">The generator; null for the global one.</param>
    /// <param name="device">Where the model goes (default CPU).</param>
    /// <param name="options">Checkpoint-provided names, buffer initializers, statistics.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException">A null module or policy.</exception>
    /// <exception cref="ArgumentException">No tensor on META (a built model: use ApplyInit), a tensor with storage on
    /// another device, or a provided/buffer name the model does not have.</exception>
    /// <exception cref="InitPolicyException">As the engine overload.</exception>
    /// <exception cref="NotSupportedException">A layer whose tensors cannot be replaced (see to_empty).</exception>
    /// <exception cref="PartialInitException">A failure while filling.</exception>
    public static InitReport Materialize(this nn.Module module, InitPolicy policy, Generator? generator = null, Device? device = null, MaterializeOptions? options = null)
    {
        var source = RandomSource.Torch(generator);
        return Run(module, policy, device, options, _ => source);
    }

    static InitReport Run(nn.Module module, InitPolicy policy, Device? device, MaterializeOptions? options, Func<ParameterSite, RandomSource> sourceFor)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(policy);
        device ??= CPU;
        options ??= new MaterializeOptions();
        if (options.Provided is null || options.Buffers is null || options.PaddingRows is null)
            throw new ArgumentException("MaterializeOptions.Provided, Buffers and PaddingRows must not be null (leave them out for none)", nameof(options));

        var plan = InitPlan.Resolve(policy, module);
        var walk = ModuleWalker.Walk(module);
        var slots = TensorSwap.Collect(module, recurse: true);
        // Tensors built with storage (layers TorchSharp keeps in native code, built with device: inside Build) are
        // filled in place, as ApplyInit fills them; they must already be where the model goes.
        var onMeta = slots.Where(s => s.Old.device_type == DeviceType.META).ToList();
        if (onMeta.Count == 0 && slots.Count > 0)
            throw new ArgumentException("Materialize builds a model from META, but every tensor has storage already (use ApplyInit on a built model): " + Names(slots), nameof(module));
        var elsewhere = slots.Where(s => s.Old.device_type != DeviceType.META && !TensorSwap.IsOn(s.Old, device)).ToList();
        if (elsewhere.Count > 0)
            throw new ArgumentException($"Materialize puts the model on {device}; tensors built with storage are filled in place and must be there already, but these are not: " + Names(elsewhere), nameof(module));
        var metaNames = onMeta.Select(s => s.QualifiedName).ToHashSet(StringComparer.Ordinal);

        var provided = ProvidedFirstNames(options.Provided, walk, slots);
        var bufferInits = BufferInitializers(options, slots, provided, plan.BufferResets.Select(r => r.QualifiedName).ToHashSet(StringComparer.Ordinal));
        var missing = plan.Steps
            .Where(s => s.Outcome is InitOutcome.Kept or InitOutcome.NotCovered && !provided.Contains(s.Site.QualifiedName) && metaNames.Contains(s.Site.QualifiedName))
            .Select(s => $"{s.Site.QualifiedName} [{string.Join(", ", s.Site.Shape)}] {s.Site.DType}: " +
                (s.Outcome == InitOutcome.Kept ? $"kept ({s.Rule}), but a META parameter has no values to keep" : "no rule covers it") +
                "; initialize it, or list it in MaterializeOptions.Provided if a checkpoint fills it")
            .Concat(bufferInits.Missing).ToList();
        if (missing.Count > 0)
            throw new InitPolicyException($"Materialize would leave {missing.Count} tensor(s) without values; nothing was allocated:", missing);
        var paddingProblems = new List<string>();
        var paddingRows = InitPlan.PaddingRowsWith(plan.Steps, options.PaddingRows, paddingProblems);
        if (paddingProblems.Count > 0)
            throw new ArgumentException("MaterializeOptions.PaddingRows: " + string.Join("; ", paddingProblems), nameof(options));
        TensorSwap.Replace(TensorSwap.Replaceable(onMeta, device), device, options.HugePages);
        var bound = plan.Rebind(ModuleWalker.Walk(module), provided, paddingRows);
        var report = ModuleInitExtensions.Run(bound, sourceFor, options.Statistics);
        var filled = new List<string>();
        using (NewDisposeScope())
        using (no_grad())
            foreach (var (owner, name, qualified, init) in bufferInits.Fills)
            {
                try
                {
                    foreach (var (n, buffer, _) in TensorSwap.OwnBuffers(owner))
                        if (n == name) init(buffer);
                }
                catch (Exception e)
                {
                    // Every parameter is written by now; say so, and which buffers are, as ApplyInit does.
                    var written = report.Entries.Where(x => x.Outcome == InitOutcome.Initialized).Select(x => x.Name).Concat(filled).ToArray();
                    throw new PartialInitException(written, qualified, e);
                }
                filled.Add(qualified);
            }
        return report;
    }

    static string Names(List<TensorSwap.Slot> slots) =>
        string.Join(", ", slots.Take(20).Select(s => $"{s.QualifiedName} ({s.Old.device})")) + (slots.Count > 20 ? $", ... ({slots.Count} in all)" : "");

    /// <summary>The first names (the ones the plan uses) of every parameter and buffer named in provided; any name of
    /// a tied tensor counts for all of them. Unknown names are an ArgumentException.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Usage", "CA2208", Justification = "Thrown for the options of Materialize, which pass these names.")]
    static HashSet<string> ProvidedFirstNames(IReadOnlyCollection<string> names, List<ModuleWalker.Entry> walk, List<TensorSwap.Slot> slots)
    {
        var firstName = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var e in walk) firstName[e.Site.QualifiedName] = (e.TiedTo ?? e.Site).QualifiedName;
        foreach (var s in slots.Where(s => !s.IsParameter)) firstName.TryAdd(s.QualifiedName, s.QualifiedName);
        var unknown = names.Where(n => n is null || !firstName.ContainsKey(n)).Select(n => n ?? "null").ToList();
        if (unknown.Count > 0)
            throw new ArgumentException("MaterializeOptions.Provided names tensors the model does not have: " + string.Join(", ", unknown.Take(20)), "options");
        return names.Select(n => firstName[n]).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Per buffer: the user's initializer, PyTorch's running-stats default, or (if provided) nothing; the
    /// buffers with none of these are listed as missing.</summary>
    static (List<(nn.Module Owner, string Name, string QualifiedName, Action<Tensor> Init)> Fills, List<string> Missing) BufferInitializers(
        MaterializeOptions options, List<TensorSwap.Slot> slots, HashSet<string> provided, HashSet<string> resetByPlan)
    {
        var buffers = slots.Where(s => !s.IsParameter).ToList();
        var known = buffers.Select(b => b.QualifiedName).ToHashSet(StringComparer.Ordinal);
        var unknown = options.Buffers.Keys.Where(k => !known.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException("MaterializeOptions.Buffers names buffers the model does not have: " + string.Join(", ", unknown.Take(20)), nameof(options));
        var fills = new List<(nn.Module, string, string, Action<Tensor>)>();
        var missing = new List<string>();
        foreach (var b in buffers)
        {
            if (options.Buffers.TryGetValue(b.QualifiedName, out var init) && init != null) fills.Add((b.Module, b.Name, b.QualifiedName, init));
            else if (b.Old.device_type != DeviceType.META) continue; // built with its values
            else if (provided.Contains(b.QualifiedName) || resetByPlan.Contains(b.QualifiedName)) continue; // loaded, or reset by the plan's step
            else if (InitPlan.RunningStatDefault(b.Module, b.Name) is double v) fills.Add((b.Module, b.Name, b.QualifiedName, t => t.fill_(v)));
            else missing.Add($"buffer {b.QualifiedName} [{string.Join(", ", b.Shape)}] {b.DType}: no initializer; give one in MaterializeOptions.Buffers, or list it in MaterializeOptions.Provided");
        }
        return (fills, missing);
    }

}
