using System;
using TorchSharp;
using WeightInit.Policy;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Internal;

/// <summary>The report's one-pass mean/std against libtorch's std_mean in double, on the direct path (contiguous
/// float32/float64, sizes with ragged SIMD tails and several parallel pieces) and the fallback (views, half types).</summary>
public class MomentsTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(65_536)]
    [InlineData(200_003)]
    public void MatchesLibtorchInDouble(long n)
    {
        using var g = new Generator(5);
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64, ScalarType.Float16, ScalarType.BFloat16 })
        {
            using var scope = NewDisposeScope();
            var x = (randn(new[] { n }, generator: g) * 0.3 + 0.1).to(dtype);
            foreach (var t in new[] { x, n > 1 ? x.reshape(n, 1).expand(n, 2).select(1, 0) : x })
            {
                var (mean, std) = Moments.Of(t);
                var wide = t.to(ScalarType.Float64);
                // The direct path sums in double; the fallback sums float32 in libtorch (a few 1e-6 relative).
                bool direct = t.is_contiguous() && dtype is ScalarType.Float32 or ScalarType.Float64;
                double tolerance = direct ? 1e-12 : 1e-5;
                double expectedMean = wide.mean().item<double>();
                double expectedStd = n == 1 ? 0.0 : wide.std().item<double>();
                Assert.True(Math.Abs(mean - expectedMean) <= tolerance * expectedStd + 1e-300, $"{dtype} n={n} mean {mean:R} vs {expectedMean:R}");
                Assert.True(Math.Abs(std - expectedStd) <= tolerance * expectedStd, $"{dtype} n={n} std {std:R} vs {expectedStd:R}");
            }
        }
    }

    [Fact]
    public void OneThreadGivesTheParallelBits()
    {
        using var g = new Generator(9);
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            using var x = randn(new long[] { 1_000_003 }, dtype: dtype, generator: g);
            var (mean, std) = Moments.Of(x);
            var (mean1, std1) = Moments.Of(x, parallel: false);
            Assert.Equal(BitConverter.DoubleToInt64Bits(mean), BitConverter.DoubleToInt64Bits(mean1));
            Assert.Equal(BitConverter.DoubleToInt64Bits(std), BitConverter.DoubleToInt64Bits(std1));
        }
    }

    [Fact]
    public void MemoryInPiecesGivesTheSameBits()
    {
        using var g = new Generator(10);
        foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64 })
        {
            using var x = randn(new long[] { 300_001 }, dtype: dtype, generator: g);
            var whole = Moments.Of(x);
            foreach (long maxPieceBytes in new[] { 1L, 1L << 19, 3L << 18 }) // one 64K block a piece, two, three
            {
                var pieces = Moments.Of(x, parallel: true, maxPieceBytes);
                Assert.Equal(BitConverter.DoubleToInt64Bits(whole.Mean), BitConverter.DoubleToInt64Bits(pieces.Mean));
                Assert.Equal(BitConverter.DoubleToInt64Bits(whole.Std), BitConverter.DoubleToInt64Bits(pieces.Std));
            }
        }
    }

    [Fact]
    public void EmptyIsNaN()
    {
        using var t = empty(0);
        var (mean, std) = Moments.Of(t);
        Assert.True(double.IsNaN(mean) && double.IsNaN(std));
    }
}
