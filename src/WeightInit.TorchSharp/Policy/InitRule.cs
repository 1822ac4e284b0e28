using WeightInit.Policy.Actions;

namespace WeightInit.Policy;

/// <summary>One rule of a policy: the parameters it selects and what it does to them.</summary>
/// <param name="Selector">Which parameters.</param>
/// <param name="Action">What to do: a scheme, <c>keep</c>, or a layer-aware action.</param>
/// <param name="Label">Optional name shown in reports instead of the selector (presets name their rules).</param>
/// <param name="Mark">Mark what the rule sets (<see cref="InitMarks"/>), so later ApplyInit calls keep it.</param>
/// <param name="Optional">Matching nothing is expected (a preset's rule for layers a model may not have), so the
/// report does not warn about it.</param>
public sealed record InitRule(RuleSelector Selector, InitAction Action, string? Label = null, bool Mark = false, bool Optional = false)
{
    /// <summary>How the rule reads in a report: its label, or "selector -> action".</summary>
    public override string ToString() => Label ?? $"{Selector} -> {Action}";
}
