using TorchSharp.Modules;
using WeightInit.Policy;
using Xunit;
using static TorchSharp.torch.nn;
using static WeightInit.Tests.Policy.PolicyTestHelpers;

namespace WeightInit.Tests.Policy;

/// <summary>In strict mode a user rule that matches nothing is an error before any write: a misspelled keep would
/// otherwise let the policy overwrite the "pretrained" weights it was meant to protect. A preset's rules are
/// optional (a Transformer preset's Embedding rule on a model without embeddings is fine).</summary>
public class StrictTypoTests
{
    static Box Model() => new(("embeddings", Embedding(20, 8)), ("fc", Linear(8, 8)), ("ln", LayerNorm(8)));

    [Theory]
    [InlineData("keep")]
    [InlineData("layer")]
    [InlineData("param")]
    public void AMisspelledUserRuleIsAnErrorAndNothingIsWritten(string kind)
    {
        using var m = Model();
        var policy = kind switch
        {
            "keep" => InitPolicy.Transformer().Keep("embedings.**"),
            "layer" => InitPolicy.Transformer().ForLayer("Lineer", Schemes.InitScheme.Zeros),
            _ => InitPolicy.Transformer().ForParam("wieght", "zeros_"),
        };
        var before = Snapshot(m);
        using var g = Gen();
        var e = Assert.Throws<InitPolicyException>(() => m.ApplyInit(policy.Strict(), g));
        Assert.Contains(kind == "keep" ? "embedings.**" : kind == "layer" ? "Lineer" : "wieght", Assert.Single(e.Problems));
        Assert.Contains("matches no parameter", e.Message);
        AssertSame(before, Snapshot(m));
        Assert.Throws<InitPolicyException>(() => policy.Strict().Plan(m));
        // Not strict: applied, and the rule is reported as matching nothing.
        var r = m.ApplyInit(policy, g);
        Assert.Single(r.UnmatchedRules);
    }

    [Fact]
    public void PresetRulesThatMatchNothingAreNotAnError()
    {
        using var m = new Box(("fc", Linear(8, 8)), ("ln", LayerNorm(8))); // no Embedding, no MultiheadAttention
        using var g = Gen();
        var r = m.ApplyInit(InitPolicy.Transformer().Strict(), g);
        Assert.Empty(r.NotCovered);
        Assert.Empty(r.UnmatchedRules);
    }

    [Fact]
    public void ACorrectKeepPassesStrictAndKeeps()
    {
        using var m = Model();
        var before = Snapshot(m);
        using var g = Gen();
        m.ApplyInit(InitPolicy.Transformer().Keep("embeddings.**").Strict(), g);
        Assert.Equal(before["embeddings.weight"], Snapshot(m)["embeddings.weight"]);
    }
}
