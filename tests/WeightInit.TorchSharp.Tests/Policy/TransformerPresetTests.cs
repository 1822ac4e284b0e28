using System;
using WeightInit.Policy;
using Xunit;
using static TorchSharp.torch.nn;
using static WeightInit.Tests.Policy.PolicyTestHelpers;

namespace WeightInit.Tests.Policy;

/// <summary>Transformer preset: trunc_normal_(std) on Linear/Embedding/MHA weights, zero biases, norms ones/zeros,
/// and with nLayer GPT-2's 1/sqrt(2·nLayer) on residual projections (c_proj, MHA out_proj).</summary>
public class TransformerPresetTests
{
    const int E = 64;

    static Box Gpt() => new(("wte", Embedding(500, E)),
        ("h", new Box(
            ("0", new Box(("ln", LayerNorm(E)), ("attn", MultiheadAttention(E, 4)), ("c_fc", Linear(E, 4 * E)), ("c_proj", Linear(4 * E, E)))),
            ("1", new Box(("ln", LayerNorm(E)), ("attn", MultiheadAttention(E, 4)), ("c_fc", Linear(E, 4 * E)), ("c_proj", Linear(4 * E, E)))))));

    [Fact]
    public void Std002EverywhereWithoutNLayer()
    {
        using var m = Gpt();
        using var g = Gen();
        var r = m.ApplyInit(InitPolicy.Transformer().Strict(), g);
        var s = Snapshot(m);
        foreach (var name in new[] { "wte.weight", "h.0.attn.in_proj_weight", "h.0.attn.out_proj.weight", "h.1.c_fc.weight", "h.1.c_proj.weight" })
            AssertStd(s[name], 0.02, name);
        foreach (var name in new[] { "h.0.attn.in_proj_bias", "h.0.attn.out_proj.bias", "h.1.c_fc.bias", "h.1.c_proj.bias", "h.0.ln.bias" })
            AssertAll(s[name], 0, name);
        AssertAll(s["h.1.ln.weight"], 1, "ln.weight");
        Assert.Empty(r.NotCovered);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(12)]
    public void NLayerScalesResidualProjections(int nLayer)
    {
        using var m = Gpt();
        using var g = Gen();
        var r = m.ApplyInit(InitPolicy.Transformer(nLayer: nLayer), g);
        var s = Snapshot(m);
        double scaled = 0.02 / Math.Sqrt(2.0 * nLayer);
        foreach (var name in new[] { "h.0.c_proj.weight", "h.1.c_proj.weight", "h.0.attn.out_proj.weight", "h.1.attn.out_proj.weight" })
        {
            AssertStd(s[name], scaled, name);
            Assert.StartsWith("scaled(", r[name].Action);
        }
        AssertStd(s["h.0.c_fc.weight"], 0.02, "c_fc is not a residual projection");
        AssertStd(s["h.0.attn.in_proj_weight"], 0.02, "in_proj is not a residual projection");
    }

    [Fact]
    public void StdParameterTakesEffect()
    {
        using var m = Gpt();
        using var g = Gen();
        m.ApplyInit(InitPolicy.Transformer(std: 0.05), g);
        AssertStd(Snapshot(m)["h.0.c_fc.weight"], 0.05, "c_fc std 0.05");
        Assert.Throws<ArgumentException>(() => InitPolicy.Transformer(nLayer: 0));
    }
}
