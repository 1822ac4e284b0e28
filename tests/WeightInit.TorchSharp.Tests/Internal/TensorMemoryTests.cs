using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using WeightInit.Sampling;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Internal;

/// <summary>Tensor memory handed out in pieces (as for tensors over a span's 2 GiB), here with small pieces: they
/// tile the tensor in order, keep to whole granules, point at the right memory, and stop when asked.</summary>
public unsafe class TensorMemoryTests
{
    [Theory]
    [InlineData(1000L, 1L, 400L)]    // 100 floats a piece
    [InlineData(1000L, 30L, 400L)]   // 90: three rows of 30
    [InlineData(1000L, 300L, 400L)]  // a granule over the limit: one granule a piece
    [InlineData(1000L, 1L, 1L << 30)] // one piece
    public void PiecesTileTheTensorInWholeGranules(long n, long granule, long maxPieceBytes)
    {
        using var t = arange(n, dtype: ScalarType.Float32);
        var pieces = new List<(long First, long Count)>();
        bool finished = TensorMemory.ForPieces(t, (data, first, count) =>
        {
            pieces.Add((first, count));
            for (long i = 0; i < count; i++) Assert.Equal(first + i, ((float*)data)[i]); // the piece's own memory
            return true;
        }, granule, maxPieceBytes);
        Assert.True(finished);
        long expectedPer = Math.Max(1, maxPieceBytes / 4 / granule) * granule;
        Assert.Equal(0, pieces[0].First);
        for (int k = 0; k < pieces.Count; k++)
        {
            if (k > 0) Assert.Equal(pieces[k - 1].First + pieces[k - 1].Count, pieces[k].First);
            if (k < pieces.Count - 1) Assert.Equal(Math.Min(expectedPer, n), pieces[k].Count);
        }
        Assert.Equal(n, pieces[^1].First + pieces[^1].Count);
    }

    [Fact]
    public void StopsWhenTheActionSaysSo()
    {
        using var t = zeros(1000);
        int calls = 0;
        Assert.False(TensorMemory.ForPieces(t, (_, _, _) => ++calls < 3, 1, 400));
        Assert.Equal(3, calls);
    }
}
