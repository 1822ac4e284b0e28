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
    public static TheoryData<string, string, bool> Cases => new()
    {
        { "blocks.*.attn.weight", "blocks.0.attn.weight", true },
        { "blocks.*.attn.weight", "blocks.0.1.attn.weight", false }, // * stays within a segment
        { "*", "weight", true },
        { "*", "fc.weight", false },
        { "fc*.weight", "fc12.weight", true },
        { "**.bias", "bias", true }, // ** matches zero segments
        { "**.bias", "a.b.c.bias", true },
        { "**.bias", "a.b.c.bias_ih", false },
        { "blocks.**", "blocks", true },
        { "blocks.**", "blocks.0.attn.weight", true },
        { "blocks.**", "blocksx.0", false },
        { "a.**.b", "a.b", true },
        { "a.**.b", "a.x.y.b", true },
        { "a.**.b", "a.xb", false },
        { "**", "x", true },
        { "**", "x.y.z", true },
        { "weight_hh_l?", "weight_hh_l0", true },
        { "weight_hh_l?", "weight_hh_l10", false },
        { "weight_hh_l*", "weight_hh_l1_reverse", true },
        { "weight_hh_l*", "weight_ih_l1", false },
        { "{a,b}.weight", "b.weight", true },
        { "{a,b}.weight", "c.weight", false },
        { "**.{q,k,v}_proj.weight", "attn.k_proj.weight", true },
        { "**.{q,k,v}_proj.weight", "attn.o_proj.weight", false },
        { "{in_proj_bias,out_proj.bias}", "out_proj.bias", true }, // dots inside braces
        { "{in_proj_bias,out_proj.bias}", "in_proj_bias", true },
        { "{in_proj_bias,out_proj.bias}", "out_proj.weight", false },
        { "{in_proj_bias,out_proj.bias}", "out_proj_bias", false }, // the dot is literal
        { "{bias,*_bias,bias_*}", "in_proj_bias", true },
        { "{bias,*_bias,bias_*}", "bias_ih_l0", true },
        { "{bias,*_bias,bias_*}", "biased", false },
        { "A_log", "A_log", true },
        { "D", "D", true },
        { "D", "d", false }, // case-sensitive, as PyTorch names
        { "D", "DD", false }, // anchored
        { "a+b(c)", "a+b(c)", true }, // regex metacharacters are literal
        { "a+b(c)", "aab(c)", false },
        // ** is zero or more segments everywhere, also when several follow each other.
        { "**.**", "weight", true },
        { "**.**", "fc.weight", true },
        { "**.**.**", "a.b.c.d", true },
        { "blocks.**.**", "blocks.0.weight", true },
        { "blocks.**.**", "blocks", true },
        { "blocks.**.**", "block", false },
        { "**.**.bias", "bias", true },
        { "a.**.**.b", "a.b", true },
        { "a.**.**.b", "a.x.y.z.b", true },
        { "a.**.**.b", "a.x.y.z.c", false },
        { "**.a.**", "a", true },
        { "**.a.**", "x.a.y", true },
        { "**.a.**", "x.b.y", false },
        // ** inside a segment is *: it stays within the segment.
        { "a**b", "axyb", true },
        { "a**b", "ab", true },
        { "a**b", "ax.yb", false },
        { "**b", "ab", true },
        { "**b", "a.b", false },
        { "fc.***", "fc.weight", true },
        { "fc.***", "fc.a.b", false },
        // Braces nest; an alternative that is a whole segment is read as a pattern, ** included.
        { "{a,{b,c}}.w", "c.w", true },
        { "{a,{b,c}}.w", "d.w", false },
        { "x{a,{b,c*}}y", "xcccy", true },
        { "x{a,{b,c*}}y", "xdy", false },
        { "{**.bias,head.*}", "blocks.0.attn.bias", true },
        { "{**.bias,head.*}", "bias", true },
        { "{**.bias,head.*}", "head.weight", true },
        { "{**.bias,head.*}", "blocks.0.weight", false },
        { "{a.**,b}.w", "a.w", true },
        { "{a.**,b}.w", "a.x.y.w", true },
        { "{a.**,b}.w", "b.x.w", false },
        { "{**,a}_proj", "q_proj", true }, // not a whole segment: ** is *
        { "{**,a}_proj", "x.q_proj", false },
        { "{q, k}.weight", "k.weight", true }, // spaces around an alternative are ignored
        { "{}w", "w", true },
        { "{,a}w", "aw", true },
        { "{,a}w", "w", true },
        { "a,b", "a,b", true }, // a comma outside braces is literal
        { "a,b", "a", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Matches(string glob, string name, bool expected) => Assert.Equal(expected, new NameGlob(glob).IsMatch(name));

    [Theory]
    [InlineData("", "A name glob cannot be empty")]
    [InlineData("{a,b", "Invalid name glob '{a,b': unclosed '{' at position 0")]
    [InlineData("a.{b,{c,d}", "Invalid name glob 'a.{b,{c,d}': unclosed '{' at position 2")]
    [InlineData("a}.b", "Invalid name glob 'a}.b': unmatched '}' at position 1")]
    [InlineData("{a,b}}", "Invalid name glob '{a,b}}': unmatched '}' at position 5")]
    public void InvalidGlobsThrowNamingTheProblem(string glob, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => new NameGlob(glob));
        Assert.StartsWith(message, e.Message);
        Assert.Equal("pattern", e.ParamName);
    }

    [Fact]
    public void NullThrows()
    {
        Assert.Throws<ArgumentNullException>(() => new NameGlob(null!));
        Assert.Throws<ArgumentNullException>(() => new NameGlob("*").IsMatch(null!));
    }

    [Fact]
    public void BracesNestUpToTheLimit()
    {
        string deepest = new string('{', NameGlob.MaxNesting) + "a,b" + new string('}', NameGlob.MaxNesting);
        Assert.True(new NameGlob(deepest).IsMatch("b"));
        Assert.False(new NameGlob(deepest).IsMatch("c"));
        string deeper = "{" + deepest + "}";
        var e = Assert.Throws<ArgumentException>(() => new NameGlob(deeper));
        Assert.Contains($"braces nest more than {NameGlob.MaxNesting} deep at position {NameGlob.MaxNesting}", e.Message);
    }

    [Fact]
    public void PatternsAreLimitedInLength()
    {
        string longest = new string('a', NameGlob.MaxLength - 2) + ".*";
        Assert.True(new NameGlob(longest).IsMatch(new string('a', NameGlob.MaxLength - 2) + ".weight"));
        var e = Assert.Throws<ArgumentException>(() => new NameGlob(longest + "x"));
        Assert.Contains($"A name glob is limited to {NameGlob.MaxLength} characters, but found {NameGlob.MaxLength + 1}", e.Message);
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
