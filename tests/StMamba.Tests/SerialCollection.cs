using Xunit;

namespace StMamba.Tests;

/// <summary>Tests that seed torch's global generator, draw from it (randn without a generator, a module's default
/// init) or change torch's thread count (all process-wide) run in this one collection, one at a time.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "torch global state";
}
