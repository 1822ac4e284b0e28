using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using WeightInit.Internal;
using WeightInit.Policy.Actions;
using static TorchSharp.torch;

namespace WeightInit.Policy;

/// <summary>A policy resolved against a module tree: per parameter the deciding rule and action. Resolving is
/// pure (it reads shapes and, for embeddings, which rows are padding, but writes nothing) and validates every
/// action on its parameter first, so applying is all or nothing.</summary>
internal sealed class InitPlan
{
    internal sealed record Step(ParameterSite Site, InitOutcome Outcome, InitAction? Action, string Rule, long[] PaddingRows, bool Mark = false);

    InitPlan(InitPolicy policy, List<Step> steps, List<string> unmatched)
    {
        Policy = policy;
        Steps = steps;
        UnmatchedRules = unmatched;
    }

    public InitPolicy Policy { get; }
    public List<Step> Steps { get; }
    public List<string> UnmatchedRules { get; }

    public static InitPlan Resolve(InitPolicy policy, nn.Module module)
    {
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(module);
        var rules = policy.Rules;
        var used = new bool[rules.Length];
        var steps = new List<Step>();
        var problems = new List<string>();
        foreach (var site in ModuleWalker.Sites(module))
        {
            int keep = -1, init = -1;
            for (int i = 0; i < rules.Length; i++)
            {
                if (!rules[i].Selector.Matches(site)) continue;
                used[i] = true;
                if (rules[i].Action.IsKeep) keep = i; else init = i;
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
                try { action.Validate(site, site.Shape); }
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
        if (policy.IsStrict)
        {
            var uncovered = steps.Where(s => s.Outcome == InitOutcome.NotCovered).Select(s => $"{s.Site.QualifiedName} {Shape(s.Site)}").ToList();
            if (uncovered.Count > 0)
                throw new InitPolicyException($"Strict init policy: no rule covers {uncovered.Count} parameter(s); nothing was changed:", uncovered);
        }
        var unmatched = rules.Select((r, i) => (r, i)).Where(x => !used[x.i] && !x.r.Optional).Select(x => Describe(x.i, x.r)).ToList();
        return new InitPlan(policy, steps, unmatched);
    }

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
        new(Steps.Select(s => new InitReportEntry(s.Site.QualifiedName, s.Site.Shape, s.Site.DType, s.Site.Parameter.device.ToString(),
                s.Outcome == InitOutcome.Planned && applied ? InitOutcome.Initialized : s.Outcome,
                s.Action?.ToString() ?? (s.Outcome == InitOutcome.Kept ? "kept" : "-"), s.Rule,
                stats != null && stats.TryGetValue(s.Site.Index, out var st) ? st.Mean : null,
                stats != null && stats.TryGetValue(s.Site.Index, out var st2) ? st2.Std : null)).ToList(),
            UnmatchedRules, applied);
}
