using System;
using System.Linq;
using WeightInit.Policy;
using WeightInit.Schemes;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static WeightInit.Tests.Policy.PolicyTestHelpers;

namespace WeightInit.Tests.Policy;

/// <summary>XavierAttention: separate Q/K/V Linear layers get xavier bounds, fused ones get xavier per Q/K/V block
/// (the same numbers as three separate projections), Q/K/V biases zero; other layers are left alone.</summary>
public class XavierAttentionPresetTests
{
    const int E = 64;

    static Box SeparateQkv() => new(("attn", new Box(("W_query", Linear(E, E)), ("W_key", Linear(E, E)), ("W_value", Linear(E, E)))),
        ("mlp", Linear(E, 4 * E)));

    [Fact]
    public void SeparateProjectionsGetXavierBoundsAndZeroBiases()
    {
        using var m = SeparateQkv();
        var before = Snapshot(m);
        using var g = Gen();
        m.ApplyInit(InitPolicy.XavierAttention(), g);
        var s = Snapshot(m);
        foreach (var p in new[] { "W_query", "W_key", "W_value" })
        {
            AssertUniformBound(s[$"attn.{p}.weight"], Math.Sqrt(6.0 / (E + E)), p);
            AssertAll(s[$"attn.{p}.bias"], 0, p + ".bias");
        }
        Assert.Equal(before["mlp.weight"], s["mlp.weight"]); // not attention: untouched
    }

    /// <summary>Three [E, E] xavier_uniform_ draws in a row from Generator(seed), stacked as [3E, E].</summary>
    static double[] ThreeSeparateXavierDraws(ulong seed, double gain = 1.0)
    {
        using var g = Gen(seed);
        return Enumerable.Range(0, 3).SelectMany(_ =>
        {
            using var t = empty(E, E);
            InitScheme.XavierUniform(gain).Apply(t, g);
            return Values(t);
        }).ToArray();
    }

    [Fact]
    public void FusedQkvLinearEqualsThreeSeparateXavierCallsExactly()
    {
        using var m = new Box(("qkv", Linear(E, 3 * E)));
        using var g = Gen(99);
        m.ApplyInit(InitPolicy.XavierAttention().Strict(), g);
        var s = Snapshot(m);
        Assert.Equal(ThreeSeparateXavierDraws(99), s["qkv.weight"]);
        AssertAll(s["qkv.bias"], 0, "qkv.bias");
    }

    [Fact]
    public void MultiheadAttentionInProjEqualsThreeSeparateXavierCallsExactly()
    {
        using var m = new Box(("attn", MultiheadAttention(E, 4)));
        using var g = Gen(99);
        var r = m.ApplyInit(InitPolicy.XavierAttention(), g);
        var s = Snapshot(m);
        Assert.Equal(ThreeSeparateXavierDraws(99), s["attn.in_proj_weight"]);
        AssertAll(s["attn.in_proj_bias"], 0, "in_proj_bias");
        Assert.Equal(new[] { "attn.out_proj.weight", "attn.out_proj.bias" }, r.NotCovered);
    }

    [Fact]
    public void GainScalesTheBound()
    {
        using var m = new Box(("qkv", Linear(E, 3 * E)));
        using var g = Gen(99);
        m.ApplyInit(InitPolicy.XavierAttention(gain: 2.0), g);
        Assert.Equal(ThreeSeparateXavierDraws(99, gain: 2.0), Snapshot(m)["qkv.weight"]);
        AssertUniformBound(Snapshot(m)["qkv.weight"], 2 * Math.Sqrt(6.0 / (E + E)), "qkv gain 2");
    }

    [Fact]
    public void ComposesWithTransformerLaterWins()
    {
        using var m = SeparateQkv();
        using (var g = Gen())
            m.ApplyInit(InitPolicy.Transformer().Then(InitPolicy.XavierAttention()).Strict(), g);
        var s = Snapshot(m);
        // trunc_normal_(std=0.02) never comes near 0.8 of the xavier bound (0.17); xavier does.
        AssertUniformBound(s["attn.W_query.weight"], Math.Sqrt(6.0 / (E + E)), "W_query under Transformer.Then(XavierAttention)");
        AssertStd(s["mlp.weight"], 0.02, "mlp.weight");
        AssertAll(s["mlp.bias"], 0, "mlp.bias");

        using (var g = Gen())
            m.ApplyInit(InitPolicy.XavierAttention().Then(InitPolicy.Transformer()), g);
        AssertStd(Snapshot(m)["attn.W_query.weight"], 0.02, "W_query under XavierAttention.Then(Transformer)");
    }
}
