using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using WeightInit.Sampling;
using WeightInit.Policy.Actions;
using static TorchSharp.torch;

namespace WeightInit.Policy;

/// <summary>A policy resolved against a module tree: per parameter the deciding rule and action. Resolving is
/// pure (it reads shapes and, for embeddings, which rows are padding, but writes nothing) and validates every
/// action on its parameter first, so applying is all or nothing.</summary>
internal sealed class InitPlan
{
    /// <summary>One name of a parameter in the plan. A tied alias (a second name of a tensor already listed) has
    /// <see cref="InitOutcome.Tied"/> and <see cref="TiedTo"/>: it is written (or kept) under its first name only.</summary>
    internal sealed record Step(ParameterSite Site, InitOutcome Outcome, InitAction? Action, string Rule, long[] PaddingRows,
        bool Mark = false, string? TiedTo = null);

    /// <summary>A running-statistics buffer of a BatchNorm/InstanceNorm whose parameters the plan writes, and the
    /// value PyTorch's <c>reset_running_stats</c> gives it (running_mean 0, running_var 1, num_batches_tracked 0).</summary>
    internal sealed record BufferReset(string QualifiedName, nn.Module Owner, string Name, double Value);

    /// <summary>The value PyTorch's <c>reset_running_stats</c> gives a buffer of a BatchNorm/InstanceNorm, or null for
    /// any other buffer.</summary>
    internal static double? RunningStatDefault(nn.Module owner, string name) => owner is BatchNorm or InstanceNorm
        ? name switch { "running_var" => 1, "running_mean" or "num_batches_tracked" => 0, _ => null }
        : null;

    InitPlan(List<Step> steps, List<string> unmatched, List<BufferReset> resets)
    {
        Steps = steps;
        UnmatchedRules = unmatched;
        BufferResets = resets;
    }

    public List<Step> Steps { get; }
    public List<string> UnmatchedRules { get; }
    public List<BufferReset> BufferResets { get; }

    public static InitPlan Resolve(InitPolicy policy, nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(module);
        var rules = policy.Rules;
        var walk = ModuleWalker.Walk(module);
        // Keep rules see every name of a tensor (a keep on "head.weight" keeps the wte.weight it is tied to); init
        // rules see its first name only, as a loop over PyTorch's named_parameters() does.
        var aliases = walk.Where(e => e.TiedTo != null).ToLookup(e => e.TiedTo!.Index, e => e.Site);
        var used = new bool[rules.Length];
        var aliasOnly = new List<string>?[rules.Length];
        var steps = new List<Step>();
        var problems = new List<string>();
        foreach (var (site, tiedTo) in walk)
        {
            if (tiedTo != null)
            {
                for (int i = 0; i < rules.Length; i++)
                    if (!rules[i].Action.IsKeep && rules[i].Selector.Matches(site)) (aliasOnly[i] ??= new()).Add($"{site.QualifiedName} (tied to {tiedTo.QualifiedName})");
                steps.Add(new Step(site, InitOutcome.Tied, null, $"tied to {tiedTo.QualifiedName}", Array.Empty<long>(), TiedTo: tiedTo.QualifiedName));
                continue;
            }
            int keep = -1, init = -1;
            for (int i = 0; i < rules.Length; i++)
            {
                if (rules[i].Action.IsKeep)
                {
                    if (!rules[i].Selector.Matches(site) && !aliases[site.Index].Any(rules[i].Selector.Matches)) continue;
                    keep = i;
                }
                else if (rules[i].Selector.Matches(site)) init = i;
                else continue;
                used[i] = true;
            }
            Step step;
            if (keep >= 0) step = new Step(site, InitOutcome.Kept, null, Describe(keep, rules[keep]), Array.Empty<long>());
            else if (init >= 0 && InitMarks.IsMarked(site.Parameter) && !policy.OverwritesMarked)
                step = new Step(site, InitOutcome.Kept, null, "marked as initialized (InitMarks)", Array.Empty<long>());
            else if (init >= 0 && policy.KeepsFrozen && !site.Parameter.requires_grad)
                step = new Step(site, InitOutcome.Kept, null, "frozen (requires_grad = false)", Array.Empty<long>());
            else if (init >= 0)
            {
                var action = rules[init].Action;
                string rule = Describe(init, rules[init]);
                try
                {
                    Check.NoInternalOverlap(site.Parameter);
                    action.Validate(site, site.Shape);
                }
                catch (ArgumentException e)
                {
                    problems.Add($"{site.QualifiedName} {Shape(site)} {site.DType}: rule {rule} ({action}): {FirstLine(e.Message)}");
                }
                step = new Step(site, InitOutcome.Planned, action, rule, PaddingRows(site), rules[init].Mark || action.Marks || policy.MarksInitialized);
            }
            else step = new Step(site, InitOutcome.NotCovered, null, "no rule", Array.Empty<long>());
            steps.Add(step);
        }
        if (problems.Count > 0)
            throw new InitPolicyException($"The init policy does not fit {problems.Count} parameter(s); nothing was changed:", problems);
        var unmatched = rules.Select((r, i) => (r, i)).Where(x => !used[x.i] && !x.r.Optional)
            .Select(x => Describe(x.i, x.r) + (aliasOnly[x.i] is { } names
                ? $" (it matches only {string.Join(", ", names)}, initialized under the first name)" : "")).ToList();
        if (policy.IsStrict)
        {
            var strictProblems = steps.Where(s => s.Outcome == InitOutcome.NotCovered)
                .Select(s => $"{s.Site.QualifiedName} {Shape(s.Site)}: no rule covers it")
                .Concat(unmatched.Select(r => $"rule {r} matches no parameter")).ToList();
            if (strictProblems.Count > 0)
            {
                int uncovered = steps.Count(s => s.Outcome == InitOutcome.NotCovered);
                var what = new List<string>();
                if (uncovered > 0) what.Add($"{Count(uncovered, "parameter")} not covered");
                if (unmatched.Count > 0) what.Add($"{Count(unmatched.Count, "rule")} matching nothing");
                throw new InitPolicyException($"Strict init policy: {string.Join(", ", what)}; nothing was changed:", strictProblems);
            }
        }
        return new InitPlan(steps, unmatched, RunningStatsResets(steps));
    }

    /// <summary>The same plan on the same module tree after its tensors were replaced (deferred init's to_empty): each
    /// step gets the new walk's site of the same position and name, so nothing is resolved again (an embedding's
    /// padding scan would read uninitialized memory). Steps whose first name is in <paramref name="provided"/> become
    /// kept (a checkpoint fills them); planned steps keep the rows of <paramref name="paddingRows"/> (one list per
    /// step, from <see cref="PaddingRowsWith"/>) zero.</summary>
    internal InitPlan Rebind(List<ModuleWalker.Entry> walk, ISet<string> provided, long[][]? paddingRows = null)
    {
        if (walk.Count != Steps.Count) throw new InvalidOperationException("The module tree changed while it was materialized.");
        var steps = new List<Step>(Steps.Count);
        for (int i = 0; i < Steps.Count; i++)
        {
            var (old, site) = (Steps[i], walk[i].Site);
            if (old.Site.QualifiedName != site.QualifiedName) throw new InvalidOperationException($"The module tree changed while it was materialized ({old.Site.QualifiedName} is now {site.QualifiedName}).");
            var step = old with { Site = site };
            if (provided.Contains(site.QualifiedName) && old.Outcome is InitOutcome.Planned or InitOutcome.Kept or InitOutcome.NotCovered)
                step = step with { Outcome = InitOutcome.Kept, Action = null, Rule = "provided (loaded from a checkpoint)", PaddingRows = Array.Empty<long>(), Mark = false };
            else if (step.Outcome == InitOutcome.Planned && paddingRows != null)
                step = step with { PaddingRows = paddingRows[i] };
            steps.Add(step);
        }
        // A buffer a checkpoint provides is left for the checkpoint, as its parameters are.
        return new InitPlan(steps, UnmatchedRules, RunningStatsResets(steps).Where(r => !provided.Contains(r.QualifiedName)).ToList());
    }

    /// <summary>The rows each step keeps zero: its own (an eager embedding's one zero row, found at resolve time) and
    /// the rows <paramref name="given"/> by a parameter's first name (a META embedding cannot show its padding row).
    /// A name that is no parameter, or a row outside a 2-D weight, is added to <paramref name="problems"/>.</summary>
    internal static long[][] PaddingRowsWith(IReadOnlyList<Step> steps, IReadOnlyDictionary<string, long>? given, List<string> problems)
    {
        var rows = steps.Select(s => s.PaddingRows).ToArray();
        if (given == null) return rows;
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < steps.Count; i++)
            if (steps[i].Outcome != InitOutcome.Tied) index[steps[i].Site.QualifiedName] = i;
        foreach (var (name, row) in given)
        {
            if (!index.TryGetValue(name, out int i))
            {
                problems.Add($"padding row for '{name}': no such parameter (tied aliases go by their first name)");
                continue;
            }
            long[] shape = steps[i].Site.Shape;
            if (shape.Length != 2 || row < 0 || row >= shape[0])
                problems.Add($"padding row {row} for '{name}' {Shape(steps[i].Site)}: must be a row of a 2-D weight");
            else if (Array.IndexOf(rows[i], row) < 0) rows[i] = rows[i].Append(row).ToArray();
        }
        return rows;
    }

    // BatchNorm/InstanceNorm keep running statistics beside their parameters; PyTorch's reset_parameters resets them
    // with the affine parameters, so a norm whose parameters are written gets them reset too.
    static List<BufferReset> RunningStatsResets(List<Step> steps)
    {
        var resets = new List<BufferReset>();
        var seen = new HashSet<nn.Module>(ReferenceEqualityComparer.Instance);
        foreach (var step in steps)
        {
            var owner = step.Site.Owner;
            if (step.Outcome != InitOutcome.Planned || owner is not (BatchNorm or InstanceNorm) || !seen.Add(owner)) continue;
            foreach (var (name, _) in owner.named_buffers(recurse: false))
            {
                if (RunningStatDefault(owner, name) is double v)
                    resets.Add(new BufferReset(step.Site.ModulePath.Length == 0 ? name : $"{step.Site.ModulePath}.{name}", owner, name, v));
            }
        }
        return resets;
    }

    static string Count(int n, string what) => $"{n} {what}{(n == 1 ? "" : "s")}";

    static string Describe(int index, InitRule rule) => $"#{index + 1} {rule}";
    static string Shape(ParameterSite s) => "[" + string.Join(", ", s.Shape) + "]";
    static string FirstLine(string message) => message.Split('\n')[0].Replace(" (Parameter 'tensor')", "").TrimEnd();

    /// <summary>An embedding's padding_idx row is all zeros after construction and stays so after init, as
    /// PyTorch's Embedding.reset_parameters does; TorchSharp does not expose padding_idx, so the row is found: the
    /// one all-zero row of a weight whose other rows are not. Two or more zero rows mean the weight was never set
    /// (torch.empty, zeros, a zeroed checkpoint), not padding, and every row gets initialized.</summary>
    static long[] PaddingRows(ParameterSite site)
    {
        if (site.Owner is not (Embedding or EmbeddingBag) || site.Name != "weight" || site.Shape.Length != 2) return Array.Empty<long>();
        var w = site.Parameter;
        if (w.device_type == DeviceType.META || w.numel() == 0 || site.Shape[0] < 2) return Array.Empty<long>();
        var zeroRows = ZeroRowScan.TryFind(w, limit: 2) ?? ZeroRowsThroughTorch(w);
        return zeroRows.Length == 1 ? zeroRows : Array.Empty<long>();
    }

    /// <summary>All-zero rows by libtorch (any device or layout): row norms, one pass with no full-size temporary.</summary>
    static long[] ZeroRowsThroughTorch(Tensor w)
    {
        using var scope = NewDisposeScope();
        var zeroRows = linalg.vector_norm(w.detach(), dims: new long[] { 1 }).eq(0).nonzero().flatten();
        return zeroRows.data<long>().ToArray();
    }

    public InitReport ToReport(bool applied, IReadOnlyDictionary<int, (double Mean, double Std)>? stats = null) =>
        new(Steps.Select(s =>
        {
            var outcome = s.Outcome == InitOutcome.Planned && applied ? InitOutcome.Initialized : s.Outcome;
            (double Mean, double Std)? st = stats != null && stats.TryGetValue(s.Site.Index, out var v) ? v : null;
            string action = s.Action?.ToString() ?? s.Outcome switch { InitOutcome.Kept => "kept", InitOutcome.Tied => "tied", _ => "-" };
            return new InitReportEntry(s.Site.QualifiedName, s.Site.Shape, s.Site.DType, s.Site.Parameter.device.ToString(),
                outcome, action, s.Rule, st?.Mean, st?.Std, s.TiedTo);
        }).ToList(), UnmatchedRules, applied, BufferResets.Select(r => $"{r.QualifiedName} = {r.Value}").ToList());
}
