using System.Linq;
using WeightInit.Policy;
using Xunit;
using static TorchSharp.torch.nn;
using static WeightInit.Tests.Policy.PolicyTestHelpers;

namespace WeightInit.Tests.Policy;

/// <summary>Plan is ApplyInit without writes: same actions and rules, every parameter's bytes unchanged.</summary>
public class PlanTests
{
    static Box Net() => new(("emb", Embedding(20, 8, padding_idx: 1)), ("attn", MultiheadAttention(8, 2)),
        ("qkv", Linear(8, 24)), ("ln", LayerNorm(8)), ("lstm", LSTM(8, 8)), ("bn", BatchNorm1d(8)), ("extra", Bilinear(2, 2, 2)));

    [Fact]
    public void PlanMatchesApplyAndWritesNothing()
    {
        var policy = InitPolicy.Transformer().Then(InitPolicy.XavierAttention()).Then(InitPolicy.Rnn()).Then(InitPolicy.Empty.Keep("ln.bias"));
        using var m = Net();
        var before = Snapshot(m);
        var plan = policy.Plan(m);
        AssertSame(before, Snapshot(m));
        Assert.False(plan.Applied);
        Assert.Contains(plan.Entries, e => e.Outcome == InitOutcome.Planned);
        Assert.DoesNotContain(plan.Entries, e => e.Outcome == InitOutcome.Initialized);
        Assert.All(plan.Entries, e => Assert.Null(e.Mean));

        using var g = Gen();
        var applied = m.ApplyInit(policy, g);
        Assert.Equal(applied.Entries.Select(e => (e.Name, e.Action, e.Rule)), plan.Entries.Select(e => (e.Name, e.Action, e.Rule)));
        Assert.Equal(applied.Entries.Select(e => e.Outcome == InitOutcome.Initialized ? InitOutcome.Planned : e.Outcome), plan.Entries.Select(e => e.Outcome));
        Assert.Equal(applied.UnmatchedRules, plan.UnmatchedRules);
        Assert.Equal(new[] { "extra.weight", "extra.bias" }, plan.NotCovered);
        Assert.Contains("planned", plan.ToString());
    }
}
