using System;
using System.Linq;
using WeightInit.Policy;
using Xunit;
using static TorchSharp.torch.nn;
using static WeightInit.Tests.Policy.PolicyTestHelpers;

namespace WeightInit.Tests.Policy;

/// <summary>The glob language over dotted parameter names, alone and as ForName/ForParam selectors.</summary>
public class NameGlobTests
{
    [Theory]
    [InlineData("blocks.*.attn.weight", "blocks.0.attn.weight", true)]
    [InlineData("blocks.*.attn.weight", "blocks.0.1.attn.weight", false)] // * stays within a segment
    [InlineData("*", "weight", true)]
    [InlineData("*", "fc.weight", false)]
    [InlineData("fc*.weight", "fc12.weight", true)]
    [InlineData("**.bias", "bias", true)] // ** matches zero segments
    [InlineData("**.bias", "a.b.c.bias", true)]
    [InlineData("**.bias", "a.b.c.bias_ih", false)]
    [InlineData("blocks.**", "blocks", true)]
    [InlineData("blocks.**", "blocks.0.attn.weight", true)]
    [InlineData("blocks.**", "blocksx.0", false)]
    [InlineData("a.**.b", "a.b", true)]
    [InlineData("a.**.b", "a.x.y.b", true)]
    [InlineData("a.**.b", "a.xb", false)]
    [InlineData("**", "x", true)]
    [InlineData("**", "x.y.z", true)]
    [InlineData("weight_hh_l?", "weight_hh_l0", true)]
    [InlineData("weight_hh_l?", "weight_hh_l10", false)]
    [InlineData("weight_hh_l*", "weight_hh_l1_reverse", true)]
    [InlineData("weight_hh_l*", "weight_ih_l1", false)]
    [InlineData("{a,b}.weight", "b.weight", true)]
    [InlineData("{a,b}.weight", "c.weight", false)]
    [InlineData("**.{q,k,v}_proj.weight", "attn.k_proj.weight", true)]
    [InlineData("**.{q,k,v}_proj.weight", "attn.o_proj.weight", false)]
    [InlineData("{in_proj_bias,out_proj.bias}", "out_proj.bias", true)] // dots inside braces
    [InlineData("{in_proj_bias,out_proj.bias}", "in_proj_bias", true)]
    [InlineData("{in_proj_bias,out_proj.bias}", "out_proj.weight", false)]
    [InlineData("{in_proj_bias,out_proj.bias}", "out_proj_bias", false)] // the dot is literal
    [InlineData("{bias,*_bias,bias_*}", "in_proj_bias", true)]
    [InlineData("{bias,*_bias,bias_*}", "bias_ih_l0", true)]
    [InlineData("{bias,*_bias,bias_*}", "biased", false)]
    [InlineData("A_log", "A_log", true)]
    [InlineData("D", "D", true)]
    [InlineData("D", "d", false)] // case-sensitive, as PyTorch names
    [InlineData("D", "DD", false)] // anchored
    [InlineData("a+b(c)", "a+b(c)", true)] // regex metacharacters are literal
    [InlineData("a+b(c)", "aab(c)", false)]
    public void Matches(string glob, string name, bool expected) => Assert.Equal(expected, new NameGlob(glob).IsMatch(name));

    [Fact]
    public void InvalidGlobsThrow()
    {
        Assert.Throws<ArgumentException>(() => new NameGlob(""));
        Assert.Throws<ArgumentException>(() => new NameGlob("{a,b"));
        Assert.Throws<ArgumentNullException>(() => new NameGlob(null!));
    }

    [Fact]
    public void EqualityIsByPattern()
    {
        Assert.Equal(new NameGlob("**.bias"), new NameGlob("**.bias"));
        Assert.NotEqual(new NameGlob("**.bias"), new NameGlob("*.bias"));
        Assert.Equal("**.bias", new NameGlob("**.bias").ToString());
    }

    public sealed class Ssm : Module
    {
        public Ssm() : base(nameof(Ssm))
        {
            register_parameter("A_log", new TorchSharp.Modules.Parameter(TorchSharp.torch.zeros(2, 3)));
            register_parameter("D", new TorchSharp.Modules.Parameter(TorchSharp.torch.zeros(2)));
            register_module("proj", Linear(2, 2));
        }
    }

    [Fact]
    public void ForParamMatchesLeafNamesAndForNameQualifiedNames()
    {
        using var m = new Box(("blocks", new Box(("0", new Ssm()), ("1", new Ssm()))), ("lstm", LSTM(2, 3, numLayers: 2)));
        var r = m.ApplyInit(InitPolicy.Empty
            .ForParam("A_log", "ones_")
            .ForParam("D", "ones_")
            .ForParam("weight_hh_l*", "zeros_")
            .ForName("blocks.*.proj.bias", "ones_")
            .ForName("**.proj.weight", "zeros_"));
        var s = Snapshot(m);
        foreach (var name in new[] { "blocks.0.A_log", "blocks.1.A_log", "blocks.0.D", "blocks.1.proj.bias" }) AssertAll(s[name], 1, name);
        foreach (var name in new[] { "lstm.weight_hh_l0", "lstm.weight_hh_l1", "blocks.1.proj.weight" }) AssertAll(s[name], 0, name);
        Assert.Equal(new[] { "lstm.weight_ih_l0", "lstm.bias_ih_l0", "lstm.bias_hh_l0", "lstm.weight_ih_l1", "lstm.bias_ih_l1", "lstm.bias_hh_l1" },
            r.NotCovered);
    }

    [Fact]
    public void ForParamMatchesMultiheadAttentionsDottedOwnName()
    {
        // MHA owns "out_proj.weight" itself: both the whole name and its last segment select it.
        using var m = new Box(("attn", MultiheadAttention(8, 2)));
        var r = m.ApplyInit(InitPolicy.Empty.ForParam("out_proj.weight", "ones_").ForParam("in_proj_bias", "ones_"));
        Assert.Equal(new[] { "attn.in_proj_weight", "attn.out_proj.bias" }, r.NotCovered);
        var r2 = m.ApplyInit(InitPolicy.Empty.ForParam("bias", "zeros_"));
        Assert.Equal(InitOutcome.Initialized, r2["attn.out_proj.bias"].Outcome);
        Assert.Equal(InitOutcome.NotCovered, r2["attn.in_proj_bias"].Outcome);
    }
}
