using TorchSharp.Modules;
using WeightInit.Policy;
using Xunit;
using static TorchSharp.torch.nn;
using static WeightInit.Tests.Policy.PolicyTestHelpers;

namespace WeightInit.Tests.Policy;

/// <summary>A parameter no rule covers: an error listing it in strict mode (nothing written), else left and reported.</summary>
public class StrictModeTests
{
    [Fact]
    public void StrictThrowsListingUncoveredAndChangesNothing()
    {
        using var m = new Box(("fc", Linear(4, 4)), ("norm", LayerNorm(4)));
        var before = Snapshot(m);
        var e = Assert.Throws<InitPolicyException>(() => m.ApplyInit(InitPolicy.Empty.ForLayer<Linear>("zeros_").Strict()));
        Assert.Equal(2, e.Problems.Count);
        Assert.Contains("norm.weight", e.Message);
        Assert.Contains("norm.bias", e.Message);
        Assert.DoesNotContain("fc.weight", e.Message);
        AssertSame(before, Snapshot(m));
        Assert.Throws<InitPolicyException>(() => InitPolicy.Empty.ForLayer<Linear>("zeros_").Strict().Plan(m));
    }

    [Fact]
    public void NonStrictReportsNotCoveredAndLeavesThem()
    {
        using var m = new Box(("fc", Linear(4, 4)), ("norm", LayerNorm(4)));
        var before = Snapshot(m);
        var r = m.ApplyInit(InitPolicy.Empty.ForLayer<Linear>("zeros_"));
        Assert.Equal(new[] { "norm.weight", "norm.bias" }, r.NotCovered);
        Assert.Equal(InitOutcome.NotCovered, r["norm.weight"].Outcome);
        var s = Snapshot(m);
        Assert.Equal(before["norm.weight"], s["norm.weight"]);
        Assert.Equal(before["norm.bias"], s["norm.bias"]);
        AssertAll(s["fc.weight"], 0, "fc.weight");
    }

    [Fact]
    public void StrictComposesByOr()
    {
        Assert.True(InitPolicy.Empty.Strict().Then(InitPolicy.Empty).IsStrict);
        Assert.True(InitPolicy.Empty.Then(InitPolicy.Empty.Strict()).IsStrict);
        Assert.False(InitPolicy.Empty.Strict().Strict(false).IsStrict);
    }
}
