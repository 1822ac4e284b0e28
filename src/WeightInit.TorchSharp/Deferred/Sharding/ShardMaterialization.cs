using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Policy;
using WeightInit.Policy.Actions;
using static TorchSharp.torch;

namespace WeightInit.Deferred;

/// <summary><c>module.MaterializeShard(policy, engine, layout, rank, worldSize)</c>: one rank's part of every
/// parameter, initialized, with no communication and no whole model in memory.</summary>
public static class ShardMaterialization
{
    /// <summary>
    /// Allocates and fills rank <paramref name="rank"/>'s part of every distinct parameter of
    /// <paramref name="module"/> (built on META, or eagerly) as <paramref name="layout"/> cuts it. The plan is
    /// resolved and validated on the module's shapes first, and the layout checked against them, so a policy or
    /// layout that does not fit throws before anything is allocated. Each parameter's values come from the engine's
    /// stream named by its qualified name, with fans and bounds from the full shape, so the parts of all ranks put
    /// together equal <c>ApplyInit(policy, engine)</c> on the whole model, bit for bit. Elementwise actions (uniform,
    /// normal, trunc_normal, the variance-scaling family, constants, PyTorch's default bias and other uniform-bound
    /// actions, mamba_a_log, <c>blocks</c> and <c>scaled</c> of these) write only the part; actions that couple
    /// elements compute the whole parameter (or block) and keep the part (<see cref="ShardedParameter.ComputedWhole"/>).
    /// The module itself is not changed.
    /// </summary>
    /// <param name="module">The model, built on META (<see cref="DeferredInit.Build{T}"/>) or eagerly.</param>
    /// <param name="policy">The policy the whole model would be initialized with.</param>
    /// <param name="engine">The counter engine; each parameter's stream is its qualified name, as ApplyInit's.</param>
    /// <param name="layout">Which part of each parameter a rank holds.</param>
    /// <param name="rank">This rank, in [0, worldSize).</param>
    /// <param name="worldSize">The number of ranks.</param>
    /// <param name="device">Where the parts live; null for the CPU.</param>
    /// <param name="paddingRows">Embedding padding rows by parameter name (<c>padding_idx</c>), which a META weight
    /// cannot show (an eager weight's zero row is found as ApplyInit finds it); they are zero in every part.</param>
    /// <exception cref="InitPolicyException">The policy does not fit a parameter (as ApplyInit).</exception>
    /// <exception cref="ArgumentException">The layout does not fit a parameter; a META parameter the policy keeps or
    /// does not cover (it has no values); a padding row outside its parameter or of an unknown name.</exception>
    /// <exception cref="ArgumentOutOfRangeException">worldSize &lt; 1, or rank outside [0, worldSize).</exception>
    public static ShardedState MaterializeShard(this nn.Module module, InitPolicy policy, InitEngine engine, ShardLayout layout,
        int rank, int worldSize, Device? device = null, IReadOnlyDictionary<string, long>? paddingRows = null)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return Materialize(module, policy, engine, layout, rank, worldSize, device, paddingRows, generatorPath: false);
    }

    /// <summary>The libtorch-generator form, for policies that draw nothing: a torch <c>Generator</c> (or the global
    /// one) is sequential, so a rank cannot draw its part without drawing every number before it, and any random
    /// action is refused (use an <see cref="InitEngine"/>). Deterministic actions (zeros_, ones_, constant_, eye_,
    /// dirac_, mamba_a_log, lstm_forget_bias) shard as with the engine.</summary>
    /// <exception cref="ArgumentException">The policy draws random numbers for some parameter (each is named), or as
    /// the engine form.</exception>
    public static ShardedState MaterializeShard(this nn.Module module, InitPolicy policy, Generator? generator, ShardLayout layout,
        int rank, int worldSize, Device? device = null, IReadOnlyDictionary<string, long>? paddingRows = null) =>
        Materialize(module, policy, InitEngine.Counter(0), layout, rank, worldSize, device, paddingRows, generatorPath: true);

    static ShardedState Materialize(nn.Module module, InitPolicy policy, InitEngine engine, ShardLayout layout,
        int rank, int worldSize, Device? device, IReadOnlyDictionary<string, long>? paddingRows, bool generatorPath)
    {
        ArgumentNullException.ThrowIfNull(module);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(layout);
        ShardLayout.CheckRank(rank, worldSize);
        var plan = InitPlan.Resolve(policy, module);
        var steps = plan.Steps.Where(s => s.Outcome != InitOutcome.Tied).ToList();
        var specs = layout.Resolve(steps.Select(s => s.Site).ToList(), rank, worldSize);
        var aliases = plan.Steps.Where(s => s.TiedTo != null).ToLookup(s => s.TiedTo!, s => s.Site.QualifiedName);

        var problems = new List<string>();
        var padding = InitPlan.PaddingRowsWith(steps, paddingRows, problems);
        foreach (var step in steps)
        {
            var site = step.Site;
            string where = $"{site.QualifiedName} {ShardSpec.ShapeText(site.Shape)}";
            if (step.Outcome == InitOutcome.Planned)
            {
                if (generatorPath && IsRandom(step.Action!))
                    problems.Add($"{where}: {step.Action} draws random numbers, and a torch Generator is sequential, so a rank " +
                        "cannot draw its part without drawing everything before it; shard with an InitEngine");
                else engine.Stream(site.QualifiedName).EnsureRoom(ShardSpec.Numel(site.Shape, 0, where), nameof(module));
            }
            else if (site.Parameter.device_type == DeviceType.META)
                problems.Add($"{where}: {(step.Outcome == InitOutcome.Kept ? $"kept ({step.Rule})" : "not covered by the policy")}, " +
                    "and a META parameter has no values to shard; initialize it by a rule, or load it");
        }
        if (problems.Count > 0)
            throw new ArgumentException($"Cannot materialize shard {rank} of {worldSize} ({problems.Count} problem(s)); nothing was allocated:\n  " +
                string.Join("\n  ", problems));

        var target = device ?? CPU;
        var parts = new List<ShardedParameter>(steps.Count);
        try
        {
            for (int i = 0; i < steps.Count; i++)
            {
                var step = steps[i];
                var site = step.Site;
                long[] full = site.Shape;
                var runs = specs[i].Runs(full);
                // Owned by the returned state, not by a dispose scope the caller may have open.
                var local = empty(specs[i].LocalShape(full), site.DType, target).DetachFromDisposeScope();
                bool whole = false;
                try
                {
                    using var scope = NewDisposeScope();
                    using var _ = no_grad();
                    var flat = local.view(-1);
                    if (step.Outcome == InitOutcome.Planned)
                    {
                        whole = ShardWriter.Write(step.Action!, site, flat, full, runs, engine.Stream(site.QualifiedName));
                        foreach (long row in padding[i]) ShardWriter.ZeroRow(flat, full, row, runs);
                    }
                    else ShardWriter.CopyFrom(site.Parameter, flat, runs);
                }
                catch
                {
                    local.Dispose();
                    throw;
                }
                string action = step.Action?.ToString() ?? (step.Outcome == InitOutcome.Kept ? "kept" : "not covered");
                parts.Add(new ShardedParameter(site.QualifiedName, full, site.DType, specs[i], local, action, step.Rule, whole,
                    aliases[site.QualifiedName].ToList()));
            }
        }
        catch
        {
            // Out of memory or a device error mid-way: free what this call allocated; the module was never written.
            foreach (var p in parts) p.Local.Dispose();
            throw;
        }
        return new ShardedState(rank, worldSize, parts);
    }

    /// <summary>Whether the action draws random numbers; actions this library does not know are assumed to.</summary>
    static bool IsRandom(InitAction action) => action switch
    {
        SchemeAction s => s.Scheme.IsRandom,
        BlocksAction b => IsRandom(b.Inner),
        ScaledAction s => IsRandom(s.Inner),
        MambaALogAction or LstmForgetBiasAction or KeepAction => false,
        _ => true,
    };
}
