using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp.Modules;
using WeightInit.Policy;
using WeightInit.Policy.Actions;
using Xunit;
using static TorchSharp.torch.nn;
using static WeightInit.Tests.Policy.PolicyTestHelpers;

namespace WeightInit.Tests.Policy;

/// <summary>Policies survive a JSON round trip (text and behaviour); what JSON cannot hold or cannot read fails
/// with a message naming the rule.</summary>
public class PolicyJsonTests
{
    public static TheoryData<string> Presets => new() { "TorchDefaults", "XavierAttention", "Transformer", "TransformerNLayer", "Cnn", "Rnn", "SelfNormalizing", "Mamba", "Hand" };

    static InitPolicy Get(string name) => name switch
    {
        "TorchDefaults" => InitPolicy.TorchDefaults(),
        "XavierAttention" => InitPolicy.XavierAttention(gain: 1.5),
        "Transformer" => InitPolicy.Transformer(),
        "TransformerNLayer" => InitPolicy.Transformer(std: 0.03, nLayer: 6),
        "Cnn" => InitPolicy.Cnn(),
        "Rnn" => InitPolicy.Rnn(lstmForgetBias: 2),
        "SelfNormalizing" => InitPolicy.SelfNormalizing(),
        "Mamba" => InitPolicy.Mamba(dtMin: 0.002, dtScale: 0.5, nLayer: 3),
        _ => Hand(),
    };

    static InitPolicy Hand() => InitPolicy.Empty
        .ForLayer<Linear>("weight", "kaiming_normal_(mode='fan_out', nonlinearity='relu')", "my label")
        .ForParam("{bias,*_bias}", "constant_(0.1)")
        .ForName("mid.{qkv,fc}.weight", new BlocksAction(2, new ScaledAction(0.5, InitAction.Parse("orthogonal_(gain=2)"))))
        .Add(new RuleSelector { Layer = "LayerNorm|GroupNorm", Param = new NameGlob("weight") }, InitAction.Parse("uniform_(0.5, 1.5)"), mark: true)
        .Keep("head.weight")
        .Strict().KeepFrozen().OverwriteMarked().MarkInitialized();

    [Theory, MemberData(nameof(Presets))]
    public void RoundTripIsTextIdentical(string name)
    {
        var policy = Get(name);
        string json = policy.ToJson();
        var back = InitPolicy.FromJson(json);
        Assert.Equal(json, back.ToJson());
        Assert.Equal(policy.ToString(), back.ToString());
        Assert.Equal(policy.Rules.Length, back.Rules.Length);
        Assert.Equal((policy.IsStrict, policy.KeepsFrozen, policy.OverwritesMarked, policy.MarksInitialized),
            (back.IsStrict, back.KeepsFrozen, back.OverwritesMarked, back.MarksInitialized));
    }

    static Box Everything() => new(("emb", Embedding(20, 8, padding_idx: 0)), ("lstm", LSTM(8, 8)),
        ("mid", new Box(("fc", Linear(8, 8)), ("ln", LayerNorm(8)), ("attn", MultiheadAttention(8, 2)), ("qkv", Linear(8, 24)),
            ("conv", Conv1d(8, 8, 3)), ("bn", BatchNorm1d(8)))),
        ("dt_proj", Linear(2, 8)), ("out_proj", Linear(8, 8)), ("head", Linear(8, 4)));

    [Theory, MemberData(nameof(Presets))]
    public void RoundTrippedPolicyGivesTheSameValues(string name)
    {
        var policy = Get(name).Strict(false).KeepFrozen(false);
        var back = InitPolicy.FromJson(policy.ToJson());
        using var a = Everything();
        using var b = Everything();
        CopyInto(a, b); // what the policies leave alone must start equal
        using (var g = Gen(3)) a.ApplyInit(policy, g);
        using (var g = Gen(3)) b.ApplyInit(back, g);
        AssertSame(Snapshot(a), Snapshot(b));
    }

    static void CopyInto(Module from, Module to)
    {
        var source = from.named_parameters().ToDictionary(p => p.name, p => p.parameter);
        using (TorchSharp.torch.no_grad())
            foreach (var (name, p) in to.named_parameters()) p.copy_(source[name]);
    }

    [Fact]
    public void PredicateRuleCannotBeStored()
    {
        var p = InitPolicy.Empty.ForParam("bias", "zeros_").Where(s => s.Shape.Length == 2, "2-D", InitAction.Parse("eye_"));
        var e = Assert.Throws<NotSupportedException>(() => p.ToJson());
        Assert.Contains("#2", e.Message);
    }

    [Theory]
    [InlineData("{", "not valid JSON")]
    [InlineData("[]", "object")]
    [InlineData("{\"rules\": [], \"strictt\": true}", "strictt")]
    [InlineData("{\"strict\": true}", "rules")]
    [InlineData("{\"rules\": [{\"param\": \"bias\", \"init\": \"zeros_\"}, {\"param\": \"weight\", \"init\": \"xavier_unifrom_\"}]}", "rule #2")]
    [InlineData("{\"rules\": [{\"param\": \"bias\", \"init\": \"zeros_\", \"colour\": 1}]}", "rule #1")]
    [InlineData("{\"rules\": [{\"param\": \"bias\"}]}", "rule #1")]
    [InlineData("{\"rules\": [{\"param\": \"{bias\", \"init\": \"zeros_\"}]}", "rule #1")]
    [InlineData("{\"rules\": [{\"param\": \"bias\", \"init\": \"blocks(x, zeros_)\"}]}", "rule #1")]
    [InlineData("{\"rules\": [{\"param\": \"bias\", \"init\": \"uniform_(2, 1)\"}]}", "rule #1")]
    [InlineData("{\"rules\": [{\"param\": 3, \"init\": \"zeros_\"}]}", "rule #1")]
    [InlineData("{\"rules\": [7]}", "rule #1")]
    public void BadJsonIsAnArgumentExceptionNamingTheRule(string json, string expected)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => InitPolicy.FromJson(json));
        Assert.Contains(expected, e.Message);
    }
}
