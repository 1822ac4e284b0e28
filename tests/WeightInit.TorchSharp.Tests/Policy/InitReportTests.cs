using System;
using System.Linq;
using TorchSharp.Modules;
using WeightInit.Policy;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static WeightInit.Tests.Policy.PolicyTestHelpers;

namespace WeightInit.Tests.Policy;

/// <summary>The report says, per parameter, what was done, by which rule, and the resulting mean/std.</summary>
public class InitReportTests
{
    [Fact]
    public void EntriesDescribeEachParameter()
    {
        using var m = new Box(("fc", Linear(16, 32)), ("ln", LayerNorm(32)), ("h", Linear(32, 8, dtype: ScalarType.Float64)));
        using var g = Gen();
        var r = m.ApplyInit(InitPolicy.TorchDefaults().Then(InitPolicy.Empty.ForName("h.weight", "xavier_normal_(gain=2)")), g);
        Assert.True(r.Applied);
        Assert.Equal(m.named_parameters().Select(p => p.name), r.Entries.Select(e => e.Name));
        foreach (var (name, p) in m.named_parameters())
        {
            var e = r[name];
            Assert.Equal(p.shape, e.Shape);
            Assert.Equal(p.dtype, e.DType);
            Assert.Equal(p.device.ToString(), e.Device);
            Assert.Equal(InitOutcome.Initialized, e.Outcome);
            var v = Values(p);
            Assert.Equal(Mean(v), e.Mean!.Value, 1e-6);   // float32 reduction of float32 values
            Assert.Equal(Std(v), e.Std!.Value, 1e-6);
        }
        Assert.Equal(ScalarType.Float64, r["h.weight"].DType);
        Assert.Equal("[32, 16]", r["fc.weight"].ShapeText);
        Assert.Equal("kaiming_uniform_(a=2.23606797749979)", r["fc.weight"].Action.Replace("sqrt(5)", "2.23606797749979"));
        Assert.Equal("xavier_normal_(gain=2)", r["h.weight"].Action);
        Assert.StartsWith($"#{InitPolicy.TorchDefaults().Rules.Length + 1} ", r["h.weight"].Rule);
        Assert.Equal("torch_default_bias()", r["fc.bias"].Action);
    }

    [Fact]
    public void UnmatchedRulesListATypo()
    {
        using var m = new Box(("attn", new Box(("W_query", Linear(4, 4)))));
        var r = m.ApplyInit(InitPolicy.Empty.ForLayer<Linear>("zeros_").ForName("**.W_qeury.weight", "ones_"));
        var unmatched = Assert.Single(r.UnmatchedRules);
        Assert.StartsWith("#2 ", unmatched);
        Assert.Contains("W_qeury", unmatched);
        Assert.Contains("W_qeury", r.ToString());
    }

    [Fact]
    public void PresetRulesThatMatchNothingAreNotReportedButUserRulesAre()
    {
        // A bare Linear meets none of TorchDefaults' RNN, MHA or norm rules: no warnings for those.
        using var m = new Box(("fc", Linear(4, 4)));
        var r = m.ApplyInit(InitPolicy.TorchDefaults().Then(InitPolicy.XavierAttention()).ForName("**.W_qeury.weight", "ones_"), new TorchSharp.torch.Generator(1));
        Assert.Equal("W_qeury", Assert.Single(r.UnmatchedRules).Split("**.")[1].Split('.')[0]);
        Assert.All(InitPolicy.TorchDefaults().Rules, rule => Assert.True(rule.Optional));
        Assert.Contains("\"optional\": true", InitPolicy.Cnn().ToJson());
        Assert.All(InitPolicy.FromJson(InitPolicy.Cnn().ToJson()).Rules, rule => Assert.True(rule.Optional));
    }

    [Fact]
    public void ToStringIsATableWithEveryParameter()
    {
        using var m = new Box(("emb", Embedding(10, 4)), ("lstm", LSTM(4, 4, bidirectional: true)), ("ln", LayerNorm(4)));
        using var g = Gen();
        var r = m.ApplyInit(InitPolicy.TorchDefaults().Then(InitPolicy.Empty.Keep("ln.*")), g);
        string text = r.ToString();
        foreach (var (name, _) in m.named_parameters()) Assert.Contains(name, text);
        var lines = text.Split(Environment.NewLine);
        Assert.StartsWith("parameter", lines[0]);
        Assert.Contains("rule", lines[0]);
        Assert.Contains("9 initialized, 2 kept, 0 not covered", text);
    }

    [Fact]
    public void EntriesCompareByValue()
    {
        using var m = new Box(("fc", Linear(4, 3)), ("ln", LayerNorm(3)));
        var a = InitPolicy.TorchDefaults().Plan(m).Entries;
        var b = InitPolicy.TorchDefaults().Plan(m).Entries;
        Assert.Equal(a, b); // distinct Shape arrays, equal values
        Assert.Equal(a[0].GetHashCode(), b[0].GetHashCode());
        Assert.NotEqual(a[0], a[0] with { Shape = new long[] { 3, 5 } });
    }
}
