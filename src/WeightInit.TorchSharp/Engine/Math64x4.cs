using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace WeightInit.Engine;

/// <summary>
/// The float64 functions the counter kernels need, four lanes at a time, written as fused multiply-adds and one
/// division, as <see cref="Math32x16"/> is for float32: the same bits on every machine and .NET version (the C library's
/// log and sincos, used before, may differ in the last bit between C libraries, and ran lane by lane).
/// </summary>
internal static class Math64x4
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
        // As Math32x16.SinCosQuadrant: swap when bit 0 of q is set, negate the sine when bit 1 of q is, the cosine when
        // bit 1 of q + 1 is.
        var signBit = Vector256.Create(0x8000_0000_0000_0000UL);
        var swap = Vector256.GreaterThan(((quadrant << 1) & signBit).AsInt64(), Vector256.Create(-1L)).AsDouble(); // all ones where bit clear
        var sinSign = (quadrant & signBit).AsDouble();
        var cosSign = ((quadrant + Vector256.Create(1UL << 62)) & signBit).AsDouble();
        sin = Vector256.ConditionalSelect(swap, s, c) ^ sinSign;
        cos = Vector256.ConditionalSelect(swap, c, s) ^ cosSign;
    }

    /// <summary>erfinv in double precision (Giles, "Approximating the erfinv function", GPU Computing Gems, 2011): a
    /// polynomial in w = −log(1 − p²) below w = 6.25, others in √w below 16 and beyond. The tail polynomials run only
    /// when a lane needs them (a choice per lane either way, so values do not change).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static Vector256<double> ErfInv(Vector256<double> p)
    {
        var w = ErfInvW(p);
        return Branches(w, Horner(w - Vector256.Create(3.125), Central)) * p;
    }

    /// <summary>erfinv of <paramref name="count"/> (a multiple of 16) values in place, sixteen at a time: the four
    /// vectors' polynomials advance in lock step, four independent chains of multiply-adds where one would wait on
    /// each. The same bits as <see cref="ErfInv"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static unsafe void ErfInvInPlace(double* x, long count)
    {
        var shift = Vector256.Create(3.125);
        for (long i = 0; i < count; i += 16)
        {
            var p0 = Vector256.Load(x + i);
            var p1 = Vector256.Load(x + i + 4);
            var p2 = Vector256.Load(x + i + 8);
            var p3 = Vector256.Load(x + i + 12);
            var w0 = ErfInvW(p0);
            var w1 = ErfInvW(p1);
            var w2 = ErfInvW(p2);
            var w3 = ErfInvW(p3);
            Vector256<double> t0 = w0 - shift, t1 = w1 - shift, t2 = w2 - shift, t3 = w3 - shift;
            var c = Vector256.Create(Central[0]);
            Vector256<double> h0 = c, h1 = c, h2 = c, h3 = c;
            for (int k = 1; k < Central.Length; k++)
            {
                c = Vector256.Create(Central[k]);
                h0 = Fma(h0, t0, c);
                h1 = Fma(h1, t1, c);
                h2 = Fma(h2, t2, c);
                h3 = Fma(h3, t3, c);
            }
            (Branches(w0, h0) * p0).Store(x + i);
            (Branches(w1, h1) * p1).Store(x + i + 4);
            (Branches(w2, h2) * p2).Store(x + i + 8);
            (Branches(w3, h3) * p3).Store(x + i + 12);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<double> ErfInvW(Vector256<double> p)
    {
        var one = Vector256<double>.One;
        return -Log((one - p) * (one + p));
    }

    /// <summary>The central polynomial's value, or a tail polynomial's in the lanes with w ≥ 6.25.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<double> Branches(Vector256<double> w, Vector256<double> central)
    {
        var tail = Vector256.GreaterThanOrEqual(w, Vector256.Create(6.25));
        if (tail == Vector256<double>.Zero) return central;
        var root = Vector256.Sqrt(w);
        var near = Horner(root - Vector256.Create(3.25), NearTail);
        var far = Horner(root - Vector256.Create(5.0), FarTail);
        return Vector256.ConditionalSelect(tail, Vector256.ConditionalSelect(Vector256.LessThan(w, Vector256.Create(16.0)), near, far), central);
    }

    static readonly double[] Central =
    {
        -3.6444120640178196996e-21, -1.685059138182016589e-19, 1.2858480715256400167e-18, 1.115787767802518096e-17,
        -1.333171662854620906e-16, 2.0972767875968561637e-17, 6.6376381343583238325e-15, -4.0545662729752068639e-14,
        -8.1519341976054721522e-14, 2.6335093153082322977e-12, -1.2975133253453532498e-11, -5.4154120542946279317e-11,
        1.051212273321532285e-09, -4.1126339803469836976e-09, -2.9070369957882005086e-08, 4.2347877827932403518e-07,
        -1.3654692000834678645e-06, -1.3882523362786468719e-05, 0.0001867342080340571352, -0.00074070253416626697512,
        -0.0060336708714301490533, 0.24015818242558961693, 1.6536545626831027356,
    };

    static readonly double[] NearTail =
    {
        2.2137376921775787049e-9, 9.0756561938885390979e-8, -2.7517406297064545428e-7, 1.8239629214389227755e-8,
        1.5027403968909827627e-6, -4.013867526981545969e-6, 2.9234449089955446044e-6, 1.2475304481671778723e-5,
        -4.7318229009055733981e-5, 6.8284851459573175448e-5, 2.4031110387097893999e-5, -0.0003550375203628474796,
        0.00095328937973738049703, -0.0016882755560235047313, 0.0024914420961078508066, -0.0037512085075692412107,
        0.005370914553590063617, 1.0052589676941592334, 3.0838856104922207635,
    };

    static readonly double[] FarTail =
    {
        -2.7109920616438573243e-11, -2.5556418169965252055e-10, 1.5076572693500548083e-9, -3.7894654401267369937e-9,
        7.6157012080783393804e-9, -1.4960026627149240478e-8, 2.9147953450901080826e-8, -6.7711997758452339498e-8,
        2.2900482228026654717e-7, -9.9298272942317002539e-7, 4.5260625972231537039e-6, -1.9681778105531670567e-5,
        7.5995277030017761139e-5, -0.00021503011930044477347, -0.00013871931833623122026, 1.0103004648645343977,
        4.8499064014085844221,
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<double> Horner(Vector256<double> x, double[] coefficients)
    {
        var p = Vector256.Create(coefficients[0]);
        for (int i = 1; i < coefficients.Length; i++) p = Fma(p, x, Vector256.Create(coefficients[i]));
        return p;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<double> Fma(Vector256<double> x, Vector256<double> y, Vector256<double> z) => Vector256.FusedMultiplyAdd(x, y, z);

    /// <summary>Exact long → double for |v| &lt; 2^51 (AVX2 has no 64-bit integer conversion): v + 1.5·2^52 in the
    /// mantissa, then subtract it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<double> ToDouble(Vector256<long> v) =>
        (v + Vector256.Create(0x4338_0000_0000_0000L)).AsDouble() - Vector256.Create(6755399441055744.0);
}
