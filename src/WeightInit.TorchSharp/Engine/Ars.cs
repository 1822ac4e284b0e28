using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace WeightInit.Engine;

/// <summary>ARS4x32-7 (Salmon, Moraes, Dror and Shaw, SC 2011, "AES Random Sequence"; Random123's ars.h): the
/// 128-bit counter xored with the 128-bit key, then six AES rounds and a last round, the key bumped by the Weyl
/// constants (added to its two 64-bit halves) before each. Crush-resistant from 5 rounds; 7 is Random123's default.
/// One AES round is one instruction on x86 (AES-NI), so a block costs about a third of a Philox4x32-10 block.</summary>
internal static class Ars
{
    internal const int Rounds = 7;
    internal const ulong Weyl0 = 0x9E3779B97F4A7C15, Weyl1 = 0xBB67AE8584CAA73B;

    /// <summary>One block in software (reference, tests, and hardware without AES-NI).</summary>
    internal static (uint, uint, uint, uint) Block(uint c0, uint c1, uint c2, uint c3, ulong keyLo, ulong keyHi, int rounds = Rounds)
    {
        var state = new byte[16];
        var key = new byte[16];
        Put(state, c0, c1, c2, c3);
        Put(key, (uint)keyLo, (uint)(keyLo >> 32), (uint)keyHi, (uint)(keyHi >> 32));
        for (int i = 0; i < 16; i++) state[i] ^= key[i];
        for (int r = 1; r <= rounds; r++)
        {
            keyLo += Weyl0;
            keyHi += Weyl1;
            Put(key, (uint)keyLo, (uint)(keyLo >> 32), (uint)keyHi, (uint)(keyHi >> 32));
            SoftAes.Round(state, key, last: r == rounds);
        }
        return (Get(state, 0), Get(state, 1), Get(state, 2), Get(state, 3));

        static void Put(byte[] b, uint w0, uint w1, uint w2, uint w3)
        {
            BitConverter.TryWriteBytes(b.AsSpan(0), w0); BitConverter.TryWriteBytes(b.AsSpan(4), w1);
            BitConverter.TryWriteBytes(b.AsSpan(8), w2); BitConverter.TryWriteBytes(b.AsSpan(12), w3);
        }
        static uint Get(byte[] b, int w) => BitConverter.ToUInt32(b, 4 * w);
    }

    /// <summary>Blocks (c0 + j, c1, c2, c3) for j = 0..7 (c0 a multiple of 8, so no carry), lane j of the result
    /// holding block j's four words.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Words8 Block8(uint c0, uint c1, uint c2, uint c3, in ArsKeys k)
    {
        if (Aes.IsSupported && Avx2.IsSupported) return Block8Ni(c0, c1, c2, c3, k);
        return Block8Soft(c0, c1, c2, c3, k);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Words8 Block8Ni(uint c0, uint c1, uint c2, uint c3, in ArsKeys k)
    {
        // Blocks i and i + 4 share ymm i after the rounds, so that an in-lane 4×4 transpose gives word w of
        // blocks 0-3 in the low half of Xw and of blocks 4-7 in the high half.
        var b = Vector128.Create(c0, c1, c2, c3) ^ k.K0.AsUInt32();
        var v0 = b.AsByte();
        var v1 = (b ^ Vector128.Create(1u, 0, 0, 0)).AsByte();
        var v2 = (b ^ Vector128.Create(2u, 0, 0, 0)).AsByte();
        var v3 = (b ^ Vector128.Create(3u, 0, 0, 0)).AsByte();
        var v4 = (b ^ Vector128.Create(4u, 0, 0, 0)).AsByte();
        var v5 = (b ^ Vector128.Create(5u, 0, 0, 0)).AsByte();
        var v6 = (b ^ Vector128.Create(6u, 0, 0, 0)).AsByte();
        var v7 = (b ^ Vector128.Create(7u, 0, 0, 0)).AsByte();
        Round(ref v0, ref v1, ref v2, ref v3, ref v4, ref v5, ref v6, ref v7, k.K1);
        Round(ref v0, ref v1, ref v2, ref v3, ref v4, ref v5, ref v6, ref v7, k.K2);
        Round(ref v0, ref v1, ref v2, ref v3, ref v4, ref v5, ref v6, ref v7, k.K3);
        Round(ref v0, ref v1, ref v2, ref v3, ref v4, ref v5, ref v6, ref v7, k.K4);
        Round(ref v0, ref v1, ref v2, ref v3, ref v4, ref v5, ref v6, ref v7, k.K5);
        Round(ref v0, ref v1, ref v2, ref v3, ref v4, ref v5, ref v6, ref v7, k.K6);
        var kl = k.K7;
        var y0 = Vector256.Create(Aes.EncryptLast(v0, kl), Aes.EncryptLast(v4, kl)).AsUInt32();
        var y1 = Vector256.Create(Aes.EncryptLast(v1, kl), Aes.EncryptLast(v5, kl)).AsUInt32();
        var y2 = Vector256.Create(Aes.EncryptLast(v2, kl), Aes.EncryptLast(v6, kl)).AsUInt32();
        var y3 = Vector256.Create(Aes.EncryptLast(v3, kl), Aes.EncryptLast(v7, kl)).AsUInt32();
        var t0 = Avx2.UnpackLow(y0, y1).AsUInt64();
        var t1 = Avx2.UnpackHigh(y0, y1).AsUInt64();
        var t2 = Avx2.UnpackLow(y2, y3).AsUInt64();
        var t3 = Avx2.UnpackHigh(y2, y3).AsUInt64();
        return new Words8(Avx2.UnpackLow(t0, t2).AsUInt32(), Avx2.UnpackHigh(t0, t2).AsUInt32(),
            Avx2.UnpackLow(t1, t3).AsUInt32(), Avx2.UnpackHigh(t1, t3).AsUInt32());
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Round(ref Vector128<byte> v0, ref Vector128<byte> v1, ref Vector128<byte> v2, ref Vector128<byte> v3,
        ref Vector128<byte> v4, ref Vector128<byte> v5, ref Vector128<byte> v6, ref Vector128<byte> v7, Vector128<byte> k)
    {
        v0 = Aes.Encrypt(v0, k); v1 = Aes.Encrypt(v1, k); v2 = Aes.Encrypt(v2, k); v3 = Aes.Encrypt(v3, k);
        v4 = Aes.Encrypt(v4, k); v5 = Aes.Encrypt(v5, k); v6 = Aes.Encrypt(v6, k); v7 = Aes.Encrypt(v7, k);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    internal static Words8 Block8Soft(uint c0, uint c1, uint c2, uint c3, in ArsKeys k)
    {
        Span<uint> w = stackalloc uint[32];
        for (uint j = 0; j < 8; j++)
        {
            var (a, b, c, d) = Block(c0 + j, c1, c2, c3, k.Lo, k.Hi);
            (w[(int)j], w[8 + (int)j], w[16 + (int)j], w[24 + (int)j]) = (a, b, c, d);
        }
        return new Words8(Vector256.Create<uint>(w[..8]), Vector256.Create<uint>(w[8..16]), Vector256.Create<uint>(w[16..24]), Vector256.Create<uint>(w[24..]));
    }
}

/// <summary>ARS round keys: the key, then the key plus 1..7 times the Weyl constants.</summary>
internal readonly struct ArsKeys
{
    internal readonly ulong Lo, Hi;
    internal readonly Vector128<byte> K0, K1, K2, K3, K4, K5, K6, K7;

    internal ArsKeys(ulong lo, ulong hi)
    {
        (Lo, Hi) = (lo, hi);
        static Vector128<byte> At(ulong lo, ulong hi, ulong r) => Vector128.Create(lo + r * Ars.Weyl0, hi + r * Ars.Weyl1).AsByte();
        (K0, K1, K2, K3) = (At(lo, hi, 0), At(lo, hi, 1), At(lo, hi, 2), At(lo, hi, 3));
        (K4, K5, K6, K7) = (At(lo, hi, 4), At(lo, hi, 5), At(lo, hi, 6), At(lo, hi, 7));
    }
}
