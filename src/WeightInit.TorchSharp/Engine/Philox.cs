using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace WeightInit.Engine;

/// <summary>Philox4x32-10 (Salmon, Moraes, Dror and Shaw, "Parallel random numbers: as easy as 1, 2, 3", SC 2011):
/// a bijection of a 128-bit counter under a 64-bit key. Ten rounds, each two 32×32→64 multiplies, the key bumped by
/// the Weyl constants between rounds. Scalar form for reference and tests; 8-wide form for the kernels.</summary>
internal static class Philox
{
    internal const uint M0 = 0xD2511F53, M1 = 0xCD9E8D57, W0 = 0x9E3779B9, W1 = 0xBB67AE85;

    /// <summary>One block: counter (c0..c3), key (k0, k1) → four 32-bit outputs.</summary>
    internal static (uint, uint, uint, uint) Block(uint c0, uint c1, uint c2, uint c3, uint k0, uint k1)
    {
        for (int round = 0; round < 10; round++)
        {
            if (round > 0) { k0 += W0; k1 += W1; }
            ulong p0 = (ulong)M0 * c0, p1 = (ulong)M1 * c2;
            (c0, c1, c2, c3) = ((uint)(p1 >> 32) ^ c1 ^ k0, (uint)p1, (uint)(p0 >> 32) ^ c3 ^ k1, (uint)p0);
        }
        return (c0, c1, c2, c3);
    }

    /// <summary>Eight blocks at once, lane j holding block j's counter words. The ten rounds are written out and
    /// the state passed by value: a loop over rounds with ref state kept it in memory (three stores and loads a
    /// round), which cost half the kernel's time.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Words8 Block8(Words8 c, in RoundKeys k)
    {
        c = Round(c, k.A0, k.B0); c = Round(c, k.A1, k.B1); c = Round(c, k.A2, k.B2); c = Round(c, k.A3, k.B3);
        c = Round(c, k.A4, k.B4); c = Round(c, k.A5, k.B5); c = Round(c, k.A6, k.B6); c = Round(c, k.A7, k.B7);
        c = Round(c, k.A8, k.B8); return Round(c, k.A9, k.B9);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Words8 Round(Words8 c, Vector256<uint> k0, Vector256<uint> k1)
    {
        var (lo0, hi0) = MulHiLo(c.X0, M0);
        var (lo1, hi1) = MulHiLo(c.X2, M1);
        // The key is xored into the old word first, off the multiply's critical path.
        return new Words8(hi1 ^ (c.X1 ^ k0), lo1, hi0 ^ (c.X3 ^ k1), lo0);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static (Vector256<uint> Lo, Vector256<uint> Hi) MulHiLo(Vector256<uint> a, uint m)
    {
        if (Avx2.IsSupported)
        {
            // vpmuludq multiplies the even 32-bit lanes into 64-bit products; the odd lanes go through a shift.
            var mv = Vector256.Create((ulong)m).AsUInt32();
            var even = Avx2.Multiply(a, mv);
            var odd = Avx2.Multiply(Avx2.ShiftRightLogical(a.AsUInt64(), 32).AsUInt32(), mv);
            var hi = Avx2.Blend(Avx2.ShiftRightLogical(even, 32).AsUInt32(), odd.AsUInt32(), 0b10101010);
            return (Avx2.MultiplyLow(a, Vector256.Create(m)), hi);
        }
        return MulHiLoPortable(a, m);
    }

    /// <summary>Other ISAs, or software vectors: widen to 64-bit lanes. Integer math, so the same bits.</summary>
    internal static (Vector256<uint> Lo, Vector256<uint> Hi) MulHiLoPortable(Vector256<uint> a, uint m)
    {
        var (l, u) = Vector256.Widen(a);
        var pl = l * (ulong)m;
        var pu = u * (ulong)m;
        return (Vector256.Narrow(pl, pu), Vector256.Narrow(pl >> 32, pu >> 32));
    }
}

/// <summary>Four words for eight lanes: a Philox counter going in, its outputs coming out.</summary>
internal readonly record struct Words8(Vector256<uint> X0, Vector256<uint> X1, Vector256<uint> X2, Vector256<uint> X3);

/// <summary>The ten round keys of a Philox key, broadcast once per kernel call instead of once per round.</summary>
internal readonly struct RoundKeys
{
    internal readonly Vector256<uint> A0, A1, A2, A3, A4, A5, A6, A7, A8, A9, B0, B1, B2, B3, B4, B5, B6, B7, B8, B9;

    internal RoundKeys(uint k0, uint k1)
    {
        static Vector256<uint> At(uint k, uint w, uint round) => Vector256.Create(k + round * w);
        (A0, A1, A2, A3, A4) = (At(k0, Philox.W0, 0), At(k0, Philox.W0, 1), At(k0, Philox.W0, 2), At(k0, Philox.W0, 3), At(k0, Philox.W0, 4));
        (A5, A6, A7, A8, A9) = (At(k0, Philox.W0, 5), At(k0, Philox.W0, 6), At(k0, Philox.W0, 7), At(k0, Philox.W0, 8), At(k0, Philox.W0, 9));
        (B0, B1, B2, B3, B4) = (At(k1, Philox.W1, 0), At(k1, Philox.W1, 1), At(k1, Philox.W1, 2), At(k1, Philox.W1, 3), At(k1, Philox.W1, 4));
        (B5, B6, B7, B8, B9) = (At(k1, Philox.W1, 5), At(k1, Philox.W1, 6), At(k1, Philox.W1, 7), At(k1, Philox.W1, 8), At(k1, Philox.W1, 9));
    }
}
