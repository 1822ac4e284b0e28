using System;
using System.Linq;
using TorchSharp;
using WeightInit.Engine;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Engine;

/// <summary>The vectorized float32 → float16/bfloat16 rounding against .NET's (Half)x, c10::BFloat16's
/// round-to-nearest-even and libtorch's own conversion: every exponent, ties, subnormals, overflow, ±0, ±inf, NaN;
/// both the eight-lane body and the scalar tail.</summary>
public class NarrowingTests
{
    /// <summary>Every 2^11-th float bit pattern (all exponents, both signs, many mantissas) plus the edge cases:
    /// half's ties and rounding boundaries, its largest finite and smallest subnormal, bfloat16's ties.</summary>
    static float[] Patterns()
    {
        var bits = Enumerable.Range(0, 1 << 21).Select(k => (uint)k << 11).ToList();
        uint[] edges =
        {
            0x0000_0000, 0x8000_0000, 0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0xFFC0_0001, 0x7F80_0001,
            0x477F_E000, 0x477F_EFFF, 0x477F_F000, 0x477F_F001, 0x4780_0000,  // around 65504 and the overflow to inf
            0x3880_0000, 0x387F_FFFF, 0x3380_0000, 0x3300_0000, 0x3300_0001, 0x32FF_FFFF, // smallest normal/subnormal, half of it
            0x3F80_1000, 0x3F80_3000, 0x3F80_1001, 0x3F80_2FFF,              // half ties to even, either side
            0x3F80_8000, 0x3F81_8000, 0x3F80_7FFF, 0x3F81_8001,              // bfloat16 ties to even, either side
            0x7F7F_FFFF, 0x0000_0001, 0x807F_FFFF,
        };
        bits.AddRange(edges);
        bits.AddRange(edges.Select(b => b ^ 0x8000_0000));
        return bits.Select(BitConverter.UInt32BitsToSingle).ToArray();
    }

    [Fact]
    public void HalfMatchesDotNetAndLibtorch()
    {
        var x = Patterns();
        var ours = new ushort[x.Length];
        Narrowing.ToHalf(x, ours);
        using var torchHalf = tensor(x).to(ScalarType.Float16);
        var theirs = torchHalf.data<Half>().ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            if (float.IsNaN(x[i]))
            {
                Assert.True(Half.IsNaN(BitConverter.UInt16BitsToHalf(ours[i])), $"NaN {BitConverter.SingleToUInt32Bits(x[i]):X8} gave {ours[i]:X4}");
                continue;
            }
            ushort dotnet = BitConverter.HalfToUInt16Bits((Half)x[i]);
            Assert.True(dotnet == ours[i], $"{BitConverter.SingleToUInt32Bits(x[i]):X8}: {ours[i]:X4}, (Half)x {dotnet:X4}");
            Assert.True(BitConverter.HalfToUInt16Bits(theirs[i]) == ours[i], $"{BitConverter.SingleToUInt32Bits(x[i]):X8}: {ours[i]:X4}, libtorch {BitConverter.HalfToUInt16Bits(theirs[i]):X4}");
        }
    }

    [Fact]
    public void BFloat16MatchesC10AndLibtorch()
    {
        var x = Patterns();
        var ours = new ushort[x.Length];
        Narrowing.ToBFloat16(x, ours);
        using var viaTorch = tensor(x).to(ScalarType.BFloat16).to(ScalarType.Float32); // widening back is exact
        var theirs = viaTorch.data<float>().ToArray().Select(v => (ushort)(BitConverter.SingleToUInt32Bits(v) >> 16)).ToArray();
        for (int i = 0; i < x.Length; i++)
        {
            uint b = BitConverter.SingleToUInt32Bits(x[i]);
            ushort c10 = float.IsNaN(x[i]) ? (ushort)0x7FC0 : (ushort)((b + 0x7FFF + ((b >> 16) & 1)) >> 16);
            Assert.True(c10 == ours[i], $"{b:X8}: {ours[i]:X4}, c10 {c10:X4}");
            if (!float.IsNaN(x[i])) Assert.True(theirs[i] == ours[i], $"{b:X8}: {ours[i]:X4}, libtorch {theirs[i]:X4}");
        }
    }

    [Fact]
    public void TailAndBodyAgreeAtEveryLength()
    {
        var rng = new Random(4);
        var x = Enumerable.Range(0, 40).Select(_ => (float)(rng.NextDouble() * 8 - 4)).ToArray();
        var full = new ushort[x.Length];
        Narrowing.ToHalf(x, full);
        var fullB = new ushort[x.Length];
        Narrowing.ToBFloat16(x, fullB);
        for (int n = 0; n <= x.Length; n++)
        {
            var part = new ushort[n];
            Narrowing.ToHalf(x.AsSpan(x.Length - n), part);
            Assert.Equal(full.Skip(x.Length - n), part);
            Narrowing.ToBFloat16(x.AsSpan(x.Length - n), part);
            Assert.Equal(fullB.Skip(x.Length - n), part);
        }
    }
}
