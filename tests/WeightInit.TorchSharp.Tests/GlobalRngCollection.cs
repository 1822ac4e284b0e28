using Xunit;

// torch.manual_seed is process-global: every test class that seeds or draws from the global generator joins this
// collection, which xunit runs alone (DisableParallelization), never beside another class.
[assembly: CollectionBehavior(CollectionBehavior.CollectionPerClass, MaxParallelThreads = 2)]

namespace WeightInit.Tests;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GlobalRngCollection
{
    public const string Name = "global torch RNG";
}
