using System.Linq;
using TorchSharp.Modules;
using WeightInit.Policy;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static WeightInit.Tests.Policy.PolicyTestHelpers;

namespace WeightInit.Tests.Policy;

/// <summary>Which rule decides: the last matching init rule; a keep rule wherever it stands; marks; frozen params.
/// The report's Rule names the winner by its position ("#n ...").</summary>
public class PrecedenceTests
{
    static Box Net() => new(("fc1", Linear(4, 4)), ("fc2", Linear(4, 4)));

    [Fact]
    public void LaterInitRuleWins()
    {
        using var m = Net();
        var r = m.ApplyInit(InitPolicy.Empty.ForLayer<Linear>("zeros_").ForName("fc1.*", "ones_"));
        var s = Snapshot(m);
        AssertAll(s["fc1.weight"], 1, "fc1.weight");
        AssertAll(s["fc2.weight"], 0, "fc2.weight");
        Assert.StartsWith("#2 ", r["fc1.weight"].Rule);
        Assert.StartsWith("#1 ", r["fc2.weight"].Rule);

        var r2 = m.ApplyInit(InitPolicy.Empty.ForName("fc1.*", "ones_").ForLayer<Linear>("zeros_"));
        AssertAll(Snapshot(m)["fc1.weight"], 0, "reversed order: the Linear rule is last and wins");
        Assert.StartsWith("#2 ", r2["fc1.weight"].Rule);
    }

    [Fact]
    public void KeepWinsWhereverItStands()
    {
        using var m = Net();
        var before = Snapshot(m);
        foreach (var policy in new[]
                 {
                     InitPolicy.Empty.Keep("fc1.weight").ForLayer<Linear>("zeros_"),
                     InitPolicy.Empty.ForLayer<Linear>("zeros_").Keep("fc1.weight"),
                 })
        {
            var r = m.ApplyInit(policy);
            Assert.Equal(before["fc1.weight"], Snapshot(m)["fc1.weight"]);
            AssertAll(Snapshot(m)["fc1.bias"], 0, "fc1.bias");
            Assert.Equal(InitOutcome.Kept, r["fc1.weight"].Outcome);
            Assert.Equal("kept", r["fc1.weight"].Action);
            Assert.Contains("fc1.weight", r["fc1.weight"].Rule);
        }
    }

    [Fact]
    public void KeepLayerKeepsEveryParameterOfThatType()
    {
        using var m = new Box(("fc", Linear(4, 4)), ("ln", LayerNorm(4)));
        var before = Snapshot(m);
        m.ApplyInit(InitPolicy.Empty.ForParam("**", "zeros_").KeepLayer<Linear>());
        var s = Snapshot(m);
        Assert.Equal(before["fc.weight"], s["fc.weight"]);
        Assert.Equal(before["fc.bias"], s["fc.bias"]);
        AssertAll(s["ln.weight"], 0, "ln.weight");
    }

    [Fact]
    public void MarkedParameterIsKept()
    {
        using var m = Net();
        InitMarks.Mark(((Linear)m.named_children().First().module).weight!);
        var before = Snapshot(m);
        var r = m.ApplyInit(InitPolicy.Empty.ForLayer<Linear>("zeros_"));
        Assert.Equal(before["fc1.weight"], Snapshot(m)["fc1.weight"]);
        Assert.Equal("marked as initialized (InitMarks)", r["fc1.weight"].Rule);
        AssertAll(Snapshot(m)["fc2.weight"], 0, "fc2.weight");

        m.ApplyInit(InitPolicy.Empty.ForLayer<Linear>("zeros_").OverwriteMarked());
        AssertAll(Snapshot(m)["fc1.weight"], 0, "OverwriteMarked");
    }

    [Fact]
    public void MarkInitializedMarksWhatItSets()
    {
        using var m = Net();
        m.ApplyInit(InitPolicy.Empty.ForName("fc1.weight", "ones_").MarkInitialized());
        var r = m.ApplyInit(InitPolicy.Empty.ForLayer<Linear>("zeros_"));
        AssertAll(Snapshot(m)["fc1.weight"], 1, "marked by MarkInitialized");
        Assert.Equal(InitOutcome.Initialized, r["fc1.bias"].Outcome);
    }

    [Fact]
    public void KeepFrozenKeepsRequiresGradFalse()
    {
        using var m = Net();
        var fc1 = (Linear)m.named_children().First().module;
        fc1.weight!.requires_grad = false;
        var before = Snapshot(m);
        var r = m.ApplyInit(InitPolicy.Empty.ForLayer<Linear>("zeros_").KeepFrozen());
        Assert.Equal(before["fc1.weight"], Snapshot(m)["fc1.weight"]);
        Assert.Equal("frozen (requires_grad = false)", r["fc1.weight"].Rule);
        AssertAll(Snapshot(m)["fc1.bias"], 0, "fc1.bias is trainable");

        m.ApplyInit(InitPolicy.Empty.ForLayer<Linear>("zeros_")); // without KeepFrozen frozen params are written
        AssertAll(Snapshot(m)["fc1.weight"], 0, "frozen but not kept");
        Assert.False(fc1.weight!.requires_grad);
    }
}
