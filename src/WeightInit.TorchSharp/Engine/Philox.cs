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

    /// <summary>Eight blocks at once, lane j holding block j's counter words; outputs replace the inputs.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void Block8(ref Vector256<uint> c0, ref Vector256<uint> c1, ref Vector256<uint> c2, ref Vector256<uint> c3, uint k0, uint k1)
    {
        for (int round = 0; round < 10; round++)
        {
            if (round > 0) { k0 += W0; k1 += W1; }
            var lo0 = MulHiLo(c0, M0, out var hi0);
            var lo1 = MulHiLo(c2, M1, out var hi1);
            var n0 = hi1 ^ c1 ^ Vector256.Create(k0);
            var n2 = hi0 ^ c3 ^ Vector256.Create(k1);
            c0 = n0; c1 = lo1; c2 = n2; c3 = lo0;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<uint> MulHiLo(Vector256<uint> a, uint m, out Vector256<uint> hi)
    {
        if (Avx2.IsSupported)
        {
            // vpmuludq multiplies the even 32-bit lanes into 64-bit products; the odd lanes go through a shift.
            var mv = Vector256.Create((ulong)m).AsUInt32();
            var even = Avx2.Multiply(a, mv);
            var odd = Avx2.Multiply(Avx2.ShiftRightLogical(a.AsUInt64(), 32).AsUInt32(), mv);
            hi = Avx2.Blend(Avx2.ShiftRightLogical(even, 32).AsUInt32(), odd.AsUInt32(), 0b10101010);
            return Avx2.Blend(even.AsUInt32(), Avx2.ShiftLeftLogical(odd, 32).AsUInt32(), 0b10101010);
        }
        return MulHiLoPortable(a, m, out hi);
    }

    /// <summary>Other ISAs, or software vectors: widen to 64-bit lanes. Integer math, so the same bits.</summary>
    internal static Vector256<uint> MulHiLoPortable(Vector256<uint> a, uint m, out Vector256<uint> hi)
    {
        var (l, u) = Vector256.Widen(a);
        var pl = l * (ulong)m;
        var pu = u * (ulong)m;
        hi = Vector256.Narrow(pl >> 32, pu >> 32);
        return Vector256.Narrow(pl, pu);
    }
}
