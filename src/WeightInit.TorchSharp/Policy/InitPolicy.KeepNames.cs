using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using WeightInit.Policy.Actions;

namespace WeightInit.Policy;

public sealed partial class InitPolicy
{
    /// <summary>Keeps exactly the parameters with these qualified names (any name of a tied tensor keeps it): the
    /// one-call form of "what the checkpoint provided", e.g. the keys TorchSharp.PyBridge's <c>load_py(...,
    /// strict: false, loadedParameters: loaded)</c> reported as loaded. Unlike a predicate rule it is stored by
    /// <see cref="ToJson"/>, as a <c>"names"</c> list.</summary>
    /// <param name="names">Exact qualified names (no globs).</param>
    /// <param name="label">How the rule reads in reports; by default "keep N names".</param>
    /// <returns>The policy with the keep rule added.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="names"/> or one of its names is null.</exception>
    /// <exception cref="ArgumentException">A name is empty.</exception>
    public InitPolicy KeepNames(IEnumerable<string> names, string? label = null) =>
        Add(new InitRule(ExactNames.Selector(names), InitAction.Keep, label));
}

/// <summary>A selector by an exact set of qualified names; its predicate's target is this object, which is how JSON
/// recognizes and stores it.</summary>
internal sealed class ExactNames
{
    readonly HashSet<string> set;

    ExactNames(ImmutableArray<string> names)
    {
        Names = names;
        set = new HashSet<string>(names, StringComparer.Ordinal);
    }

    /// <summary>The names, in the order given, without repeats.</summary>
    public ImmutableArray<string> Names { get; }

    bool Matches(ParameterSite site) => set.Contains(site.QualifiedName);

    internal static RuleSelector Selector(IEnumerable<string> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var list = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var n in names)
        {
            if (n is null) throw new ArgumentNullException(nameof(names), "A name in KeepNames is null.");
            if (n.Length == 0) throw new ArgumentException("A name in KeepNames is empty.", nameof(names));
            if (seen.Add(n)) list.Add(n);
        }
        var exact = new ExactNames(list.ToImmutableArray());
        return new RuleSelector { Predicate = exact.Matches, PredicateDescription = $"name in {list.Count} exact name{(list.Count == 1 ? "" : "s")}" };
    }

    /// <summary>The exact names a selector was made from, or null for any other selector.</summary>
    internal static ExactNames? Of(RuleSelector selector) => selector.Predicate?.Target as ExactNames;
}
