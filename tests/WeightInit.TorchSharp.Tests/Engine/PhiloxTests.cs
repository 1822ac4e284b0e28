using System;
using System.Runtime.Intrinsics;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Schemes;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Engine;

/// <summary>Philox4x32-10 against the known-answer vectors of Salmon et al. (Random123), and the kernels' element
/// layout against a scalar reference built on the scalar Philox.</summary>
public class PhiloxTests
{
    [Theory]
    [InlineData(0u, 0u, 0u, 0u, 0u, 0u, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u)]
    [InlineData(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu)]
    public void KnownAnswers(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1, uint e0, uint e1, uint e2, uint e3)
    {
        Assert.Equal((e0, e1, e2, e3), Philox.Block(c0, c1, c2, c3, k0, k1));

        // The 8-wide form gives the same answer in every lane.
        Vector256<uint> v0 = Vector256.Create(c0), v1 = Vector256.Create(c1), v2 = Vector256.Create(c2), v3 = Vector256.Create(c3);
        Philox.Block8(ref v0, ref v1, ref v2, ref v3, k0, k1);
        for (int lane = 0; lane < 8; lane++)
            Assert.Equal((e0, e1, e2, e3), (v0[lane], v1[lane], v2[lane], v3[lane]));
    }

    [Fact]
    public void VectorFormMatchesScalarOnRandomCounters()
    {
        var rng = new Random(7);
        for (int trial = 0; trial < 50; trial++)
        {
            var c = new uint[4][];
            for (int w = 0; w < 4; w++) { c[w] = new uint[8]; for (int j = 0; j < 8; j++) c[w][j] = (uint)rng.NextInt64(0, 1L << 32); }
            uint k0 = (uint)rng.NextInt64(0, 1L << 32), k1 = (uint)rng.NextInt64(0, 1L << 32);
            Vector256<uint> v0 = Vector256.Create(c[0]), v1 = Vector256.Create(c[1]), v2 = Vector256.Create(c[2]), v3 = Vector256.Create(c[3]);
            Philox.Block8(ref v0, ref v1, ref v2, ref v3, k0, k1);
            for (int j = 0; j < 8; j++)
                Assert.Equal(Philox.Block(c[0][j], c[1][j], c[2][j], c[3][j], k0, k1), (v0[j], v1[j], v2[j], v3[j]));

            var a = Vector256.Create(c[0]);
            var lo = Philox.MulHiLo(a, Philox.M0, out var hi);
            var loP = Philox.MulHiLoPortable(a, Philox.M0, out var hiP);
            Assert.Equal(lo, loP);
            Assert.Equal(hi, hiP);
        }
    }

    [Fact]
    public void Float32LayoutMatchesTheScalarDefinition()
    {
        var engine = InitEngine.Counter(0x0123456789ABCDEF);
        var stream = engine.Stream("layout");
        using var t = empty(1000);
        InitScheme.Uniform(0, 1).Apply(t, stream);
        var actual = t.data<float>().ToArray();
        ulong id = StreamKeyOf("layout");
        for (int e = 0; e < actual.Length; e++)
        {
            long block = 16 * (e / 64) + e % 16;
            var words = Philox.Block((uint)block, (uint)(block >> 32), (uint)id, (uint)(id >> 32), 0x89ABCDEF, 0x01234567);
            uint w = ((e % 64) / 16) switch { 0 => words.Item1, 1 => words.Item2, 2 => words.Item3, _ => words.Item4 };
            Assert.Equal((w >> 8) * (1.0f / (1 << 24)), actual[e]);
        }
    }

    [Fact]
    public void Float64LayoutMatchesTheScalarDefinition()
    {
        var stream = InitEngine.Counter(99).Stream("layout64");
        using var t = empty(new long[] { 777 }, ScalarType.Float64);
        InitScheme.Uniform(0, 1).Apply(t, stream);
        var actual = t.data<double>().ToArray();
        ulong id = StreamKeyOf("layout64");
        for (int e = 0; e < actual.Length; e++)
        {
            long block = 16 * (e / 32) + e % 16;
            var w = Philox.Block((uint)block, (uint)(block >> 32), (uint)id, (uint)(id >> 32), 99, 0);
            var (a, b) = (e % 32) / 16 == 0 ? (w.Item1, w.Item2) : (w.Item3, w.Item4);
            double expected = (a >> 5) * (1.0 / (1L << 27)) + (b >> 6) * (1.0 / (1L << 53));
            Assert.Equal(expected, actual[e]);
        }
    }

    static ulong StreamKeyOf(string key) => StreamKey.Hash(key);
}
