using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace WeightInit.Engine;

/// <summary>
/// The float64 functions the counter kernels need, four lanes at a time, written as fused multiply-adds and one
/// division, as <see cref="Math16"/> is for float32: the same bits on every machine and .NET version (the C library's
/// log and sincos, used before, may differ in the last bit between C libraries, and ran lane by lane).
/// </summary>
internal static class Math4d
{
    const double Ln2Hi = 6.93147180369123816490e-01, Ln2Lo = 1.90821492927058770002e-10;

    /// <summary>Natural log for normal, positive x (fdlibm's __ieee754_log: x = m·2^k with m in [√½, √2), f = m − 1,
    /// s = f/(2 + f), log(1 + f) = 2s + s·R(s²) with a degree-7 polynomial R). Below 1 ulp.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<double> Log(Vector256<double> x)
    {
        var bits = x.AsUInt64();
        // m in [1, 2), then halved (k + 1) where m > √2: f = m − 1 is exact either way.
        var m = ((bits & Vector256.Create(0x000F_FFFF_FFFF_FFFFUL)) | Vector256.Create(0x3FF0_0000_0000_0000UL)).AsDouble();
        var big = Vector256.GreaterThan(m, Vector256.Create(1.4142135623730951));
        m = Vector256.ConditionalSelect(big, m * 0.5, m);
        var exponent = (bits >> 52) - Vector256.Create(1023UL) + (big.AsUInt64() & Vector256<ulong>.One);
        var k = ToDouble(exponent.AsInt64());
        var f = m - Vector256<double>.One;
        var s = f / (Vector256.Create(2.0) + f);
        var z = s * s;
        var w = z * z;
        var t1 = w * Fma(w, Fma(w, Vector256.Create(1.531383769920937332e-01), Vector256.Create(2.222219843214978396e-01)), Vector256.Create(3.999999999940941908e-01));
        var t2 = z * Fma(w, Fma(w, Fma(w, Vector256.Create(1.479819860511658591e-01), Vector256.Create(1.818357216161805012e-01)), Vector256.Create(2.857142874366239149e-01)), Vector256.Create(6.666666666666735130e-01));
        var r = t2 + t1;
        var hfsq = 0.5 * f * f;
        // k·ln2_hi + (f − (hfsq − (s·(hfsq + R) + k·ln2_lo)))
        return Fma(k, Vector256.Create(Ln2Hi), f - (hfsq - Fma(s, hfsq + r, k * Ln2Lo)));
    }

    /// <summary>Sine and cosine of the angle q·π/2 + y with |y| ≤ π/4 (Cephes sin/cos polynomials, about 1 ulp there)
    /// and the quadrant q in 0..3 as the top two bits of <paramref name="quadrant"/> (the other bits are ignored).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void SinCosQuadrant(Vector256<ulong> quadrant, Vector256<double> y, out Vector256<double> sin, out Vector256<double> cos)
    {
        var z = y * y;
        var ps = Fma(Vector256.Create(1.58962301576546568060E-10), z, Vector256.Create(-2.50507477628578072866E-8));
        ps = Fma(ps, z, Vector256.Create(2.75573136213857245213E-6));
        ps = Fma(ps, z, Vector256.Create(-1.98412698295895385996E-4));
        ps = Fma(ps, z, Vector256.Create(8.33333333332211858878E-3));
        ps = Fma(ps, z, Vector256.Create(-1.66666666666666307295E-1));
        var s = Fma(ps * z, y, y);
        var pc = Fma(Vector256.Create(-1.13585365213876817300E-11), z, Vector256.Create(2.08757008419747316778E-9));
        pc = Fma(pc, z, Vector256.Create(-2.75573141792967388112E-7));
        pc = Fma(pc, z, Vector256.Create(2.48015872888517045348E-5));
        pc = Fma(pc, z, Vector256.Create(-1.38888888888730564116E-3));
        pc = Fma(pc, z, Vector256.Create(4.16666666666665929218E-2));
        var c = Fma(pc * z, z, Fma(z, Vector256.Create(-0.5), Vector256<double>.One));
        // As Math16.SinCosQuadrant: swap when bit 0 of q is set, negate the sine when bit 1 of q is, the cosine when
        // bit 1 of q + 1 is.
        var signBit = Vector256.Create(0x8000_0000_0000_0000UL);
        var swap = Vector256.GreaterThan(((quadrant << 1) & signBit).AsInt64(), Vector256.Create(-1L)).AsDouble(); // all ones where bit clear
        var sinSign = (quadrant & signBit).AsDouble();
        var cosSign = ((quadrant + Vector256.Create(1UL << 62)) & signBit).AsDouble();
        sin = Vector256.ConditionalSelect(swap, s, c) ^ sinSign;
        cos = Vector256.ConditionalSelect(swap, c, s) ^ cosSign;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<double> Fma(Vector256<double> x, Vector256<double> y, Vector256<double> z) => Vector256.FusedMultiplyAdd(x, y, z);

    /// <summary>Exact long → double for |v| &lt; 2^51 (AVX2 has no 64-bit integer conversion): v + 1.5·2^52 in the
    /// mantissa, then subtract it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<double> ToDouble(Vector256<long> v) =>
        (v + Vector256.Create(0x4338_0000_0000_0000L)).AsDouble() - Vector256.Create(6755399441055744.0);
}
