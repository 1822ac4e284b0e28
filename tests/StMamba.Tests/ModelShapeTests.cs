using StMamba.Model;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace StMamba.Tests;

/// <summary>Every block maps the shapes it documents. Serial: its inputs and the blocks' default init draw from
/// torch's global generator, which the seeded tests reset.</summary>
[Collection(SerialCollection.Name)]
public class ModelShapeTests
{
    static readonly ModelConfig Config = new(Sensors: 5, DModel: 16, Heads: 2, DState: 4);

    [Fact]
    public void SpatialAttentionKeepsTokensAndRecordsRowStochasticAttention()
    {
        using var attn = new SpatialAttention(16, 2) { KeepAttention = true };
        using var x = randn(3, 5, 16);
        using var y = attn.forward(x);
        Assert.Equal(new long[] { 3, 5, 16 }, y.shape);
        Assert.Equal(new long[] { 3, 2, 5, 5 }, attn.LastAttention!.shape);
        Assert.True(attn.LastAttention.sum(-1).allclose(ones(3, 2, 5), 1e-5, 1e-5));
    }

    [Fact]
    public void MambaBlockMapsSequences()
    {
        using var block = new MambaBlock(Config);
        using var x = randn(4, 12, 16);
        using var y = block.forward(x);
        Assert.Equal(new long[] { 4, 12, 16 }, y.shape);
    }

    [Fact]
    public void MambaBlockIsCausal()
    {
        // Changing the input at step 7 must not change outputs before step 7 (depthwise conv and scan are causal).
        using var block = new MambaBlock(Config);
        using var x = randn(2, 12, 16);
        using var x2 = x.clone();
        x2[.., 7].add_(1.0);
        using var y = block.forward(x);
        using var y2 = block.forward(x2);
        Assert.True(y.narrow(1, 0, 7).allclose(y2.narrow(1, 0, 7), 1e-6, 1e-6));
        Assert.False(y.narrow(1, 7, 5).allclose(y2.narrow(1, 7, 5), 1e-6, 1e-6));
    }

    [Fact]
    public void StBlockAndNetworkMapShapes()
    {
        using var block = new StBlock(Config);
        using var h = randn(2, 12, 5, 16);
        using var out1 = block.forward(h);
        Assert.Equal(h.shape, out1.shape);

        using var net = new StMambaNet(Config with { Layers = 2 });
        using var x = randn(2, 12, 5);
        using var tod = randint(0, 288, new long[] { 2, 12 });
        using var dow = randint(0, 7, new long[] { 2, 12 });
        using var y = net.forward(x, tod, dow);
        Assert.Equal(new long[] { 2, 12, 5 }, y.shape);
        Assert.Equal(2, net.Blocks.Count);
    }
}
