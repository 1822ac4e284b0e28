using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using static TorchSharp.torch;

namespace WeightInit.Policy;

/// <summary>What happened (or, for a plan, would happen) to one parameter.</summary>
public enum InitOutcome
{
    /// <summary>Written by ApplyInit.</summary>
    Initialized,
    /// <summary>Would be written (a plan; nothing was touched).</summary>
    Planned,
    /// <summary>Left as it is by a keep rule, a mark, or because it is frozen.</summary>
    Kept,
    /// <summary>No rule covers it; left as it is (an error in strict mode).</summary>
    NotCovered,
    /// <summary>A second name of a tensor listed earlier (tied weights, <c>head.weight = wte.weight</c>): written or
    /// kept once, under its first name (<see cref="InitReportEntry.TiedTo"/>).</summary>
    Tied,
}

/// <summary>One row of an <see cref="InitReport"/>.</summary>
/// <param name="Name">Qualified name, as PyTorch's named_parameters().</param>
/// <param name="Shape">The parameter's shape.</param>
/// <param name="DType">The parameter's dtype.</param>
/// <param name="Device">The parameter's device, as text ("cpu", "cuda:0", "meta").</param>
/// <param name="Outcome">What was (or would be) done to it.</param>
/// <param name="Action">The action's text form, or "kept" / "-" (not covered).</param>
/// <param name="Rule">The deciding rule ("#2 layer=Linear param=weight -> ..."), or why it was kept.</param>
/// <param name="Mean">Mean after init (ApplyInit only).</param>
/// <param name="Std">Standard deviation after init (ApplyInit only).</param>
/// <param name="TiedTo">For a tied alias, the first name of the tensor, under which it was initialized.</param>
public sealed record InitReportEntry(string Name, long[] Shape, ScalarType DType, string Device, InitOutcome Outcome,
    string Action, string Rule, double? Mean = null, double? Std = null, string? TiedTo = null)
{
    /// <summary>The shape as text, <c>[64, 32]</c>.</summary>
    public string ShapeText => "[" + string.Join(", ", Shape) + "]";

    /// <summary>Value equality, the shape compared element by element (a record compares arrays by reference).</summary>
    public bool Equals(InitReportEntry? other) =>
        other is not null && Name == other.Name && Shape.AsSpan().SequenceEqual(other.Shape) && DType == other.DType &&
        Device == other.Device && Outcome == other.Outcome && Action == other.Action && Rule == other.Rule &&
        Nullable.Equals(Mean, other.Mean) && Nullable.Equals(Std, other.Std) && TiedTo == other.TiedTo;

    /// <inheritdoc/>
    public override int GetHashCode()
    {
        var h = new HashCode();
        h.Add(Name);
        foreach (long d in Shape) h.Add(d);
        h.Add(DType); h.Add(Device); h.Add(Outcome); h.Add(Action); h.Add(Rule); h.Add(Mean); h.Add(Std); h.Add(TiedTo);
        return h.ToHashCode();
    }
}

/// <summary>The result of <c>ApplyInit</c> or <c>InitPolicy.Plan</c>: one entry per parameter in visiting order,
/// the rules that matched nothing, and the parameters no rule covered. ToString prints a table.</summary>
public sealed class InitReport
{
    internal InitReport(IReadOnlyList<InitReportEntry> entries, IReadOnlyList<string> unmatchedRules, bool applied,
        IReadOnlyList<string>? bufferResets = null)
    {
        BufferResets = bufferResets ?? Array.Empty<string>();
        Entries = entries;
        UnmatchedRules = unmatchedRules;
        Applied = applied;
    }

    /// <summary>One entry per parameter, in visiting order.</summary>
    public IReadOnlyList<InitReportEntry> Entries { get; }

    /// <summary>Rules that matched no parameter (often a typo in a name glob).</summary>
    public IReadOnlyList<string> UnmatchedRules { get; }

    /// <summary>Names of parameters that no rule covered.</summary>
    public IReadOnlyList<string> NotCovered => Entries.Where(e => e.Outcome == InitOutcome.NotCovered).Select(e => e.Name).ToList();

    /// <summary>Running statistics of BatchNorm/InstanceNorm layers whose parameters were (or, for a plan, would be)
    /// written, reset as PyTorch's reset_parameters does: "bn.running_mean = 0", "bn.running_var = 1",
    /// "bn.num_batches_tracked = 0".</summary>
    public IReadOnlyList<string> BufferResets { get; }

    /// <summary>True for ApplyInit's report, false for a plan.</summary>
    public bool Applied { get; }

    /// <summary>The entry of the parameter called <paramref name="name"/> (its qualified name).</summary>
    /// <param name="name">The qualified name.</param>
    /// <exception cref="System.Collections.Generic.KeyNotFoundException">No parameter has that name.</exception>
    public InitReportEntry this[string name] =>
        Entries.FirstOrDefault(e => e.Name == name) ?? throw new KeyNotFoundException($"No parameter '{name}' in the report");

    /// <inheritdoc/>
    public override string ToString()
    {
        static string F(double? v) => v is double d ? d.ToString("0.0000", CultureInfo.InvariantCulture) : "";
        var header = new[] { "parameter", "shape", "dtype", "device", "outcome", "init", "mean", "std", "rule" };
        var rows = Entries.Select(e => new[] { e.Name, e.ShapeText, e.DType.ToString(), e.Device, e.Outcome.ToString(), e.Action, F(e.Mean), F(e.Std), e.Rule }).ToList();
        var sb = new StringBuilder();
        TextTable.Append(sb, header, rows);
        sb.AppendLine($"{Entries.Count(e => e.Outcome is InitOutcome.Initialized or InitOutcome.Planned)} {(Applied ? "initialized" : "planned")}, " +
                      $"{Entries.Count(e => e.Outcome == InitOutcome.Kept)} kept, {NotCovered.Count} not covered" +
                      (Entries.Any(e => e.Outcome == InitOutcome.Tied) ? $", {Entries.Count(e => e.Outcome == InitOutcome.Tied)} tied" : ""));
        foreach (var e in Entries.Where(e => e.TiedTo != null)) sb.AppendLine(CultureInfo.InvariantCulture, $"{e.Name}: tied to {e.TiedTo}");
        if (BufferResets.Count > 0) sb.AppendLine(CultureInfo.InvariantCulture, $"running statistics {(Applied ? "reset" : "to reset")}: {string.Join(", ", BufferResets)}");
        foreach (var r in UnmatchedRules) sb.AppendLine(CultureInfo.InvariantCulture, $"warning: rule matched nothing: {r}");
        return sb.ToString();
    }
}
