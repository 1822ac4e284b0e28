using StMamba.Model;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace StMamba.Tests;

/// <summary>The chunked (closed-form per chunk) scan equals the step-by-step recurrence, for every chunk size,
/// including lengths that are not multiples of the chunk, and through a whole Mamba block. Serial: the Mamba block
/// and its input draw from torch's global generator.</summary>
[Collection(SerialCollection.Name)]
public class SelectiveScanTests
{
    static (Tensor x, Tensor dt, Tensor A, Tensor B, Tensor C, Tensor D) Inputs(long b, long L, long d, long n, int seed)
    {
        using var g = new Generator((ulong)seed);
        var x = randn(new[] { b, L, d }, generator: g);
        var dt = randn(new[] { b, L, d }, generator: g).exp().mul(0.05);   // positive step sizes, as softplus gives
        var A = -arange(1, n + 1, float32).repeat(d, 1);                  // S4D-real: -(1..n)
        var B = randn(new[] { b, L, n }, generator: g);
        var C = randn(new[] { b, L, n }, generator: g);
        var D = randn(new[] { d }, generator: g);
        return (x, dt, A, B, C, D);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(12)]
    public void ChunkedScanEqualsReference(int chunk)
    {
        using var scope = NewDisposeScope();
        var (x, dt, A, B, C, D) = Inputs(3, 13, 6, 5, chunk);
        var reference = SelectiveScan.Reference(x, dt, A, B, C, D);
        var chunked = SelectiveScan.Chunked(x, dt, A, B, C, D, chunk);
        Assert.True(chunked.allclose(reference, 1e-4, 1e-5), $"max diff {(chunked - reference).abs().max().item<float>()}");
    }

    [Fact]
    public void ReferenceScanFollowsTheRecurrenceByHand()
    {
        // One channel, one state: h1 = dt1·b1·x1, h2 = e^{dt2·a}·h1 + dt2·b2·x2, y = c·h + d·x.
        using var scope = NewDisposeScope();
        var x = tensor(new float[] { 1, 2 }).view(1, 2, 1);
        var dt = tensor(new float[] { 0.5f, 0.25f }).view(1, 2, 1);
        var A = tensor(new float[] { -2 }).view(1, 1);
        var B = tensor(new float[] { 3, 4 }).view(1, 2, 1);
        var C = tensor(new float[] { 5, 6 }).view(1, 2, 1);
        var D = tensor(new float[] { 0.1f });
        var y = SelectiveScan.Reference(x, dt, A, B, C, D).flatten().data<float>().ToArray();
        double h1 = 0.5 * 3 * 1, h2 = System.Math.Exp(0.25 * -2) * h1 + 0.25 * 4 * 2;
        Assert.Equal(5 * h1 + 0.1 * 1, y[0], 5);
        Assert.Equal(6 * h2 + 0.1 * 2, y[1], 5);
    }

    [Fact]
    public void MambaBlockGivesTheSameOutputWithEitherScan()
    {
        using var block = new MambaBlock(new ModelConfig(Sensors: 3, DModel: 16, DState: 4));
        using var x = randn(4, 12, 16);
        block.UseReferenceScan = false;
        using var fast = block.forward(x);
        block.UseReferenceScan = true;
        using var slow = block.forward(x);
        Assert.True(fast.allclose(slow, 1e-4, 1e-5));
    }
}
