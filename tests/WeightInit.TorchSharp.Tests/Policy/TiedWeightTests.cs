using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using WeightInit.Engine;
using WeightInit.Policy;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static WeightInit.Tests.Policy.PolicyTestHelpers;

namespace WeightInit.Tests.Policy;

/// <summary>Tied weights (GPT-2's LM head = the token embedding): one tensor under two names. TorchSharp lists it
/// under both, through different wrappers (Embedding makes a new one on every access), so identity is by tensor, not
/// by reference or handle. As PyTorch's named_parameters(): visited once, under its first name.</summary>
public class TiedWeightTests
{
    /// <summary>wte (Embedding) first, head (Linear) tied to it, and an untied Linear of the same shape as head.</summary>
    static Box Tied(long vocab = 1000, long dim = 64, Device? device = null)
    {
        var wte = Embedding(vocab, dim, device: device);
        var head = Linear(dim, vocab, hasBias: false, device: device);
        head.weight = wte.weight!;
        return new Box(("wte", wte), ("head", head), ("other", Linear(dim, vocab, hasBias: false, device: device)));
    }

    static Module Child(Module m, string name) => m.named_children().First(c => c.Item1 == name).Item2;

    [Fact]
    public void TorchDefaultsDrawTheEmbeddingOnceUnderItsFirstName()
    {
        using var m = Tied();
        using var g = Gen();
        var r = m.ApplyInit(InitPolicy.TorchDefaults(), g);
        // Embedding's N(0, 1), not the head's kaiming_uniform_(a=sqrt(5)) (std 1/sqrt(3·64) = 0.072) drawn over it.
        AssertStd(Snapshot(m)["wte.weight"], 1.0, "wte.weight");
        Assert.Equal(InitOutcome.Initialized, r["wte.weight"].Outcome);
        Assert.Equal(InitOutcome.Tied, r["head.weight"].Outcome);
        Assert.Equal("wte.weight", r["head.weight"].TiedTo);
        Assert.Equal(r["wte.weight"].Std, r["head.weight"].Std);
        Assert.Equal(InitOutcome.Initialized, r["other.weight"].Outcome);
        Assert.Contains("head.weight: tied to wte.weight", r.ToString());
        Assert.Empty(r.NotCovered);
    }

    [Fact]
    public void WalkerListsATiedTensorOnce()
    {
        using var m = Tied(10, 4);
        Assert.Equal(new[] { "wte.weight", "other.weight" }, ModuleWalker.Sites(m).Select(s => s.QualifiedName));
    }

    [Theory]
    [InlineData("head.weight")]
    [InlineData("wte.weight")]
    [InlineData("head.**")]
    public void AKeepOnAnyNameKeepsTheTensor(string keep)
    {
        using var m = Tied(50, 8);
        var before = Snapshot(m);
        using var g = Gen();
        var r = m.ApplyInit(InitPolicy.Transformer().Keep(keep), g);
        var after = Snapshot(m);
        Assert.Equal(before["wte.weight"], after["wte.weight"]);
        Assert.Equal(before["head.weight"], after["head.weight"]);
        Assert.NotEqual(before["other.weight"], after["other.weight"]);
        Assert.Equal(InitOutcome.Kept, r["wte.weight"].Outcome);
        Assert.Empty(r.UnmatchedRules);
    }

    [Fact]
    public void PlanStrictAndJsonAgree()
    {
        using var m = Tied(50, 8);
        var policy = InitPolicy.TorchDefaults().Strict();
        var plan = policy.Plan(m);
        Assert.Equal(new[] { InitOutcome.Planned, InitOutcome.Tied, InitOutcome.Planned }, plan.Entries.Select(e => e.Outcome));
        var fromJson = InitPolicy.FromJson(policy.ToJson()).Plan(m);
        Assert.Equal(plan.Entries.Select(e => (e.Name, e.Outcome, e.Rule, e.TiedTo)), fromJson.Entries.Select(e => (e.Name, e.Outcome, e.Rule, e.TiedTo)));
        using var g = Gen();
        var applied = m.ApplyInit(policy, g); // strict: the alias is not "not covered"
        Assert.Equal(plan.Entries.Select(e => e.Name), applied.Entries.Select(e => e.Name));
    }

    [Fact]
    public void AnInitRuleThatMatchesOnlyTheAliasIsReportedAndAnErrorWhenStrict()
    {
        using var m = Tied(50, 8);
        var policy = InitPolicy.Empty.ForLayer<Embedding>("normal_").ForLayer<Linear>("zeros_").ForName("head.weight", "ones_");
        var plan = policy.Plan(m);
        var unmatched = Assert.Single(plan.UnmatchedRules);
        Assert.Contains("head.weight (tied to wte.weight)", unmatched);
        var before = Snapshot(m);
        var e = Assert.Throws<InitPolicyException>(() => m.ApplyInit(policy.Strict()));
        Assert.Contains("head.weight", e.Message);
        AssertSame(before, Snapshot(m));
    }

    [Fact]
    public void EngineFillsTheTiedTensorFromItsFirstNamesStream()
    {
        using var m = Tied(40, 8);
        var engine = InitEngine.Counter(7);
        m.ApplyInit(InitPolicy.Empty.ForLayer<Embedding>("normal_").ForLayer<Linear>("zeros_"), engine);
        using var expected = empty(40, 8);
        Schemes.InitScheme.Normal().Apply(expected, engine, "wte.weight");
        Assert.Equal(Values(expected), Snapshot(m)["wte.weight"]);
    }

    [Fact]
    public void OnMetaTiedTensorsAreOneAndUntiedOnesAreNot()
    {
        using var m = Tied(50, 8, META);
        var plan = InitPolicy.TorchDefaults().Plan(m);
        Assert.Equal(new[] { InitOutcome.Planned, InitOutcome.Tied, InitOutcome.Planned }, plan.Entries.Select(e => e.Outcome));
        using var twins = new Box(("a", Linear(4, 4, device: META)), ("b", Linear(4, 4, device: META)));
        Assert.Equal(4, ModuleWalker.Sites(twins).Count);
    }

    [Fact]
    public void AMarkBelongsToTheTensorNotTheWrapper()
    {
        using var m = Tied(20, 4);
        var head = (Linear)Child(m, "head");
        var wte = (Embedding)Child(m, "wte");
        var marked = head.weight!;
        InitMarks.Mark(marked);
        try
        {
            Assert.True(InitMarks.IsMarked(wte.weight!)); // another wrapper, made after the mark
            var before = Snapshot(m);
            using var g = Gen();
            var r = m.ApplyInit(InitPolicy.TorchDefaults(), g);
            Assert.Equal(InitOutcome.Kept, r["wte.weight"].Outcome);
            Assert.Equal(before["wte.weight"], Snapshot(m)["wte.weight"]);
        }
        finally { InitMarks.Unmark(marked); }
        Assert.False(InitMarks.IsMarked(wte.weight!));
        System.GC.KeepAlive(marked);
    }
}
