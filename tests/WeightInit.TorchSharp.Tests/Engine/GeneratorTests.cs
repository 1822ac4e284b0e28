using System;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Schemes;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Engine;

/// <summary>Both counter generators against published known answers (Random123's Philox4x32-10 vectors; Boost.Random's
/// ARS4x32-10 check, taken from Random123's kat_vectors), their vector forms against their scalar forms, software AES
/// against AES-NI, and the kernels' element layout against a scalar definition built on the scalar generators.</summary>
public class GeneratorTests
{
    [Theory]
    [InlineData(0u, 0u, 0u, 0u, 0u, 0u, 0x6627e8d5u, 0xe169c58du, 0xbc57ac4cu, 0x9b00dbd8u)]
    [InlineData(0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu, 0x408f276du, 0x41c83b0eu, 0xa20bc7c6u, 0x6d5451fdu)]
    public void PhiloxKnownAnswers(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1, uint e0, uint e1, uint e2, uint e3)
    {
        Assert.Equal((e0, e1, e2, e3), Philox.Block(c0, c1, c2, c3, k0, k1));

        // The 8-wide form gives the same answer in every lane.
        var x = Philox.Block8(new Words8(Vector256.Create(c0), Vector256.Create(c1), Vector256.Create(c2), Vector256.Create(c3)), new RoundKeys(k0, k1));
        for (int lane = 0; lane < 8; lane++)
            Assert.Equal((e0, e1, e2, e3), (x.X0[lane], x.X1[lane], x.X2[lane], x.X3[lane]));
    }

    [Theory]
    [InlineData(0u, 0u, 0u, 0u, 0UL, 0UL, 0x8d73ee19u, 0x506401efu, 0x13c2dbe4u, 0x0cbe9c0du)]
    [InlineData(0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u, 0x299f31d0a4093822UL, 0xec4e6c89082efa98UL, 0xa516e7d6u, 0x8357ad74u, 0x5b59b3ecu, 0x8763fff3u)]
    public void ArsKnownAnswersAtTenRounds(uint c0, uint c1, uint c2, uint c3, ulong keyLo, ulong keyHi, uint e0, uint e1, uint e2, uint e3) =>
        Assert.Equal((e0, e1, e2, e3), Ars.Block(c0, c1, c2, c3, keyLo, keyHi, rounds: 10));

    [Fact]
    public void SoftwareAesRoundMatchesAesNi()
    {
        if (!Aes.IsSupported) return; // nothing to compare against; the known answers still check the software round
        var rng = new Random(3);
        for (int trial = 0; trial < 200; trial++)
        {
            var state = new byte[16];
            var key = new byte[16];
            rng.NextBytes(state);
            rng.NextBytes(key);
            foreach (bool last in new[] { false, true })
            {
                var v = Vector128.Create(state);
                var k = Vector128.Create(key);
                var expected = last ? Aes.EncryptLast(v, k) : Aes.Encrypt(v, k);
                var s = (byte[])state.Clone();
                SoftAes.Round(s, key, last);
                Assert.Equal(expected, Vector128.Create(s));
            }
        }
    }

    [Fact]
    public void VectorFormsMatchScalarOnRandomCounters()
    {
        var rng = new Random(7);
        for (int trial = 0; trial < 50; trial++)
        {
            var c = new uint[4][];
            for (int w = 0; w < 4; w++) { c[w] = new uint[8]; for (int j = 0; j < 8; j++) c[w][j] = (uint)rng.NextInt64(0, 1L << 32); }
            uint k0 = (uint)rng.NextInt64(0, 1L << 32), k1 = (uint)rng.NextInt64(0, 1L << 32);
            var x = Philox.Block8(new Words8(Vector256.Create(c[0]), Vector256.Create(c[1]), Vector256.Create(c[2]), Vector256.Create(c[3])), new RoundKeys(k0, k1));
            for (int j = 0; j < 8; j++)
                Assert.Equal(Philox.Block(c[0][j], c[1][j], c[2][j], c[3][j], k0, k1), (x.X0[j], x.X1[j], x.X2[j], x.X3[j]));

            var a = Vector256.Create(c[0]);
            Assert.Equal(Philox.MulHiLo(a, Philox.M0), Philox.MulHiLoPortable(a, Philox.M0));

            uint block = (uint)rng.NextInt64(0, 1L << 32) & ~7u;
            ulong keyLo = (ulong)rng.NextInt64(), keyHi = (ulong)rng.NextInt64();
            var y = Ars.Block8(block, c[1][0], c[2][0], c[3][0], new ArsKeys(keyLo, keyHi));
            for (uint j = 0; j < 8; j++)
                Assert.Equal(Ars.Block(block + j, c[1][0], c[2][0], c[3][0], keyLo, keyHi), (y.X0[(int)j], y.X1[(int)j], y.X2[(int)j], y.X3[(int)j]));
            // The fallback for hardware without AES-NI gives the same words.
            Assert.Equal(y, Ars.Block8Soft(block, c[1][0], c[2][0], c[3][0], new ArsKeys(keyLo, keyHi)));
        }
    }

    [Theory]
    [InlineData(CounterGenerator.Ars)]
    [InlineData(CounterGenerator.Philox)]
    public void Float32LayoutMatchesTheScalarDefinition(CounterGenerator generator)
    {
        const ulong seed = 0x0123456789ABCDEF;
        var stream = InitEngine.Counter(seed, generator).Stream("layout");
        using var t = empty(1000);
        InitScheme.Uniform(0, 1).Apply(t, stream);
        var actual = t.data<float>().ToArray();
        ulong id = StreamKey.Hash("layout");
        for (int e = 0; e < actual.Length; e++)
        {
            // Value 8v + j of group g is field v mod 5 of block 32g + 8⌊v/5⌋ + j.
            int g = e / 160, v = e % 160 / 8, j = e % 8;
            long block = 32L * g + 8 * (v / 5) + j;
            var (w0, w1, w2, w3) = Words(generator, block, id, seed);
            uint field = (v % 5) switch
            {
                0 => w0 >> 8, 1 => w1 >> 8, 2 => w2 >> 8, 3 => w3 >> 8,
                _ => (w0 & 0xFF) | (w1 & 0xFF) << 8 | (w2 & 0xFF) << 16,
            };
            Assert.Equal(field * (1.0f / (1 << 24)), actual[e]);
        }
    }

    [Theory]
    [InlineData(CounterGenerator.Ars)]
    [InlineData(CounterGenerator.Philox)]
    public void Float64LayoutMatchesTheScalarDefinition(CounterGenerator generator)
    {
        var stream = InitEngine.Counter(99, generator).Stream("layout64");
        using var t = empty(new long[] { 777 }, ScalarType.Float64);
        InitScheme.Uniform(0, 1).Apply(t, stream);
        var actual = t.data<double>().ToArray();
        ulong id = StreamKey.Hash("layout64");
        for (int e = 0; e < actual.Length; e++)
        {
            long block = 16 * (e / 32) + e % 16;
            var w = Words(generator, block, id, 99);
            var (a, b) = (e % 32) / 16 == 0 ? (w.Item1, w.Item2) : (w.Item3, w.Item4);
            double expected = (a >> 5) * (1.0 / (1L << 27)) + (b >> 6) * (1.0 / (1L << 53));
            Assert.Equal(expected, actual[e]);
        }
    }

    [Fact]
    public void EngineNamesAndKeepsItsGenerator()
    {
        Assert.Equal(CounterGenerator.Ars, InitEngine.Counter(5).Generator);
        Assert.Equal("InitEngine.Counter(5) [stream format 1]", InitEngine.Counter(5).ToString());
        var philox = InitEngine.Counter(5, CounterGenerator.Philox);
        Assert.Equal("InitEngine.Counter(5, CounterGenerator.Philox) [stream format 1]", philox.ToString());
        Assert.Equal(CounterGenerator.Philox, philox.WithMaxDegreeOfParallelism(2).Generator);
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => InitEngine.Counter(5, (CounterGenerator)7));
        Assert.Contains("unknown counter generator", error.Message);

        // Same seed and key, different generators: different numbers.
        using var a = InitScheme.Uniform().Apply(empty(64), InitEngine.Counter(5), "w");
        using var b = InitScheme.Uniform().Apply(empty(64), philox, "w");
        Assert.False(a.allclose(b, 0, 0));
    }

    static (uint, uint, uint, uint) Words(CounterGenerator generator, long block, ulong id, ulong seed) => generator == CounterGenerator.Ars
        ? Ars.Block((uint)block, (uint)(block >> 32), (uint)id, (uint)(id >> 32), seed, 0)
        : Philox.Block((uint)block, (uint)(block >> 32), (uint)id, (uint)(id >> 32), (uint)seed, (uint)(seed >> 32));
}
