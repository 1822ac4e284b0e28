using Xunit;

namespace StMamba.Tests;

/// <summary>Tests that seed torch's global generator or change its thread count (both process-wide) run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "torch global state";
}
