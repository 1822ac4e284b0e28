using System;
using System.Collections.Generic;
using System.Linq;

namespace WeightInit.Policy;

/// <summary>A policy cannot be applied to a module as it stands: the message lists every offending parameter with
/// its shape and the rule that chose it. Thrown before any tensor is written.</summary>
public sealed class InitPolicyException : ArgumentException
{
    /// <summary>An exception whose message is the summary, then one line per problem.</summary>
    /// <param name="summary">What went wrong, in one line.</param>
    /// <param name="problems">One line per offending parameter.</param>
    public InitPolicyException(string summary, IReadOnlyList<string> problems)
        : base(summary + Environment.NewLine + string.Join(Environment.NewLine, problems.Select(p => "  - " + p)))
    {
        Problems = problems;
    }

    /// <summary>One line per problem: parameter, shape, rule, reason.</summary>
    public IReadOnlyList<string> Problems { get; }
}
