using System;
using System.Linq;
using TorchSharp;
using WeightInit.Policy;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Internal;

/// <summary>The in-place zero-row scan that finds an embedding's padding row, against libtorch's row norms.</summary>
public class ZeroRowScanTests
{
    static readonly ScalarType[] FloatTypes = { ScalarType.Float32, ScalarType.Float64, ScalarType.Float16, ScalarType.BFloat16 };

    [Fact]
    public void FindsPlantedZeroRowsInEveryFloatType()
    {
        using var g = new Generator(3);
        foreach (var dtype in FloatTypes)
        {
            using var scope = NewDisposeScope();
            var w = randn(new long[] { 40, 17 }, generator: g).to(dtype);
            w[5].zero_();
            w[31].zero_();
            w[12].narrow(0, 0, 16).zero_(); // zero but for its last element: not a zero row
            w[20, 0] = tensor(0.0);          // nor one zero in its first element only
            Assert.Equal(new long[] { 5, 31 }, ZeroRowScan.TryFind(w, limit: 10));
            Assert.Equal(new long[] { 5 }, ZeroRowScan.TryFind(w, limit: 1));
            var byNorm = linalg.vector_norm(w.to(ScalarType.Float32), dims: new long[] { 1 }).eq(0).nonzero().flatten().data<long>().ToArray();
            Assert.Equal(byNorm, ZeroRowScan.TryFind(w, limit: 10));
        }
    }

    [Fact]
    public void MemoryInPiecesFindsTheSameRows()
    {
        using var g = new Generator(8);
        foreach (var dtype in FloatTypes)
        {
            using var scope = NewDisposeScope();
            var w = randn(new long[] { 50, 17 }, generator: g).to(dtype);
            foreach (long row in new long[] { 0, 9, 10, 33, 49 }) w[row].zero_();
            var whole = ZeroRowScan.TryFind(w, limit: 10);
            Assert.Equal(new long[] { 0, 9, 10, 33, 49 }, whole);
            foreach (long maxPieceBytes in new[] { 1L, 100L, 400L }) // one row a piece, a few rows
            {
                Assert.Equal(whole, ZeroRowScan.TryFind(w, limit: 10, maxPieceBytes));
                Assert.Equal(new long[] { 0, 9, 10 }, ZeroRowScan.TryFind(w, limit: 3, maxPieceBytes));
            }
        }
    }

    [Fact]
    public void NegativeZeroIsZeroAndNaNIsNot()
    {
        foreach (var dtype in FloatTypes)
        {
            using var scope = NewDisposeScope();
            var w = ones(4, 3).to(dtype);
            w[1].fill_(-0.0);
            w[2].fill_(double.NaN);
            Assert.Equal(new long[] { 1 }, ZeroRowScan.TryFind(w, limit: 10));
        }
    }

    [Fact]
    public void DeclinesWhatItCannotReadInPlace()
    {
        using var scope = NewDisposeScope();
        Assert.Null(ZeroRowScan.TryFind(zeros(6, 4).t(), limit: 2));                 // not contiguous
        Assert.Null(ZeroRowScan.TryFind(zeros(6, 4, dtype: ScalarType.Int32), limit: 2)); // not floating point
        Assert.Null(ZeroRowScan.TryFind(zeros(6), limit: 2));                        // not a matrix
    }
}
