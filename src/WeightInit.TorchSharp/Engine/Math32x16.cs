using System.Runtime.CompilerServices;

namespace WeightInit.Engine;

/// <summary>
/// The float functions the counter kernels need, sixteen lanes at a time (either lane representation), written out
/// as fused multiply-adds.
/// CoreLib's Vector256.Log/SinCos are not used: their code may change between .NET versions and is re-jitted by
/// tiered compilation mid-process, and the engine promises the same bits everywhere. FusedMultiplyAdd is correctly
/// rounded on every platform (in hardware or software), so these give the same bits on any machine.
/// </summary>
internal static class Math32x16
{
    /// <summary>Natural log for normal, positive x (Cephes logf: x = m·2^e with m in [√½, √2), a degree-9
    /// polynomial in m − 1). About 1 ulp. With <paramref name="scaleLog2"/> = s it returns log(x·2^s), exactly as if
    /// x·2^s had been passed (the scaling only moves the exponent): a kernel can pass an integer k as float and get
    /// log(k·2^s) without the multiply.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TF Log<TF, TI>(TF x, int scaleLog2 = 0) where TF : struct, IFloat32x16<TF, TI> where TI : struct, IInt32x16<TI, TF>
    {
        var bits = x.Bits();
        var e = (bits >> 23) - TI.Of(126 - scaleLog2);
        var m = ((bits & TI.Of(unchecked((int)0x807FFFFF))) | TI.Of(0x3F000000)).AsFloat(); // [0.5, 1)
        var small = TF.LessThan(m, TF.Of(0.707106781186547524f));
        var fe = (e + small.Bits()).ToFloat();                          // e − 1 where m < √½
        var f = m - TF.Of(1f) + (m & small);                           // m − 1, or 2m − 1
        var z = f * f;
        var p = TF.Fma(TF.Of(7.0376836292E-2f), f, TF.Of(-1.1514610310E-1f));
        p = TF.Fma(p, f, TF.Of(1.1676998740E-1f));
        p = TF.Fma(p, f, TF.Of(-1.2420140846E-1f));
        p = TF.Fma(p, f, TF.Of(1.4249322787E-1f));
        p = TF.Fma(p, f, TF.Of(-1.6668057665E-1f));
        p = TF.Fma(p, f, TF.Of(2.0000714765E-1f));
        p = TF.Fma(p, f, TF.Of(-2.4999993993E-1f));
        p = TF.Fma(p, f, TF.Of(3.3333331174E-1f));
        var y = p * f * z;
        y = TF.Fma(fe, TF.Of(-2.12194440e-4f), y);
        y = TF.Fma(z, TF.Of(-0.5f), y);
        return TF.Fma(fe, TF.Of(0.693359375f), f + y);
    }

    /// <summary>Sine and cosine of the angle q·π/2 + y, with |y| ≤ π/4 (where the Cephes sinf/cosf polynomials are
    /// accurate to about 1 ulp without range reduction) and the quadrant q in 0..3 given as the top two bits of
    /// <paramref name="quadrant"/> (the other bits are ignored).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void SinCosQuadrant<TF, TI>(TI quadrant, TF y, out TF sin, out TF cos) where TF : struct, IFloat32x16<TF, TI> where TI : struct, IInt32x16<TI, TF>
    {
        var z = y * y;
        var s = TF.Fma(TF.Of(-1.9515295891E-4f), z, TF.Of(8.3321608736E-3f));
        s = TF.Fma(s, z, TF.Of(-1.6666654611E-1f));
        s = TF.Fma(s * z, y, y);
        var c = TF.Fma(TF.Of(2.443315711809948E-5f), z, TF.Of(-1.388731625493765E-3f));
        c = TF.Fma(c, z, TF.Of(4.166664568298827E-2f));
        c = TF.Fma(c * z, z, TF.Fma(z, TF.Of(-0.5f), TF.Of(1f)));
        // Rotating by q quarter turns: q = 1 → (c, −s), 2 → (−s, −c), 3 → (−c, s). Swap when bit 0 of q is set (moved
        // to the sign bit, which is all Select reads); negate the sine when bit 1 is set, the cosine when bit 1 of
        // q + 1 is (q = 1, 2).
        var signBit = TI.Of(int.MinValue);
        var swap = (quadrant << 1).AsFloat();
        var sinSign = (quadrant & signBit).AsFloat();
        var cosSign = ((quadrant + TI.Of(1 << 30)) & signBit).AsFloat();
        sin = TF.Select(swap, c, s) ^ sinSign;
        cos = TF.Select(swap, s, c) ^ cosSign;
    }

    /// <summary>erfinv in single precision (Giles, "Approximating the erfinv function", GPU Computing Gems, 2011):
    /// a polynomial in w = −log(1 − p²) below w = 5, another in √w above. Relative error about 4e-7. The tail
    /// polynomial is skipped when no lane needs it (a choice per lane either way, so values do not change).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TF ErfInv<TF, TI>(TF p) where TF : struct, IFloat32x16<TF, TI> where TI : struct, IInt32x16<TI, TF> =>
        ErfInv<TF, TI>(p, ErfInvW<TF, TI>(p));

    /// <summary>erfinv's w = −log(1 − p²), the first half of <see cref="ErfInv{TF, TI}(TF)"/> (kernels run the halves
    /// as separate loops).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TF ErfInvW<TF, TI>(TF p) where TF : struct, IFloat32x16<TF, TI> where TI : struct, IInt32x16<TI, TF>
    {
        var one = TF.Of(1f);
        return -Log<TF, TI>((one - p) * (one + p));
    }

    /// <summary>erfinv(p) given w = <see cref="ErfInvW{TF, TI}"/>(p).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static TF ErfInv<TF, TI>(TF p, TF w) where TF : struct, IFloat32x16<TF, TI> where TI : struct, IInt32x16<TI, TF>
    {
        var c = w - TF.Of(2.5f);
        var central = TF.Fma(TF.Of(2.81022636e-08f), c, TF.Of(3.43273939e-07f));
        central = TF.Fma(central, c, TF.Of(-3.5233877e-06f));
        central = TF.Fma(central, c, TF.Of(-4.39150654e-06f));
        central = TF.Fma(central, c, TF.Of(0.00021858087f));
        central = TF.Fma(central, c, TF.Of(-0.00125372503f));
        central = TF.Fma(central, c, TF.Of(-0.00417768164f));
        central = TF.Fma(central, c, TF.Of(0.246640727f));
        central = TF.Fma(central, c, TF.Of(1.50140941f));
        var inCentre = TF.LessThan(w, TF.Of(5f));
        if (inCentre.AllSet()) return central * p;
        var t = TF.Sqrt(w) - TF.Of(3f);
        var tail = TF.Fma(TF.Of(-0.000200214257f), t, TF.Of(0.000100950558f));
        tail = TF.Fma(tail, t, TF.Of(0.00134934322f));
        tail = TF.Fma(tail, t, TF.Of(-0.00367342844f));
        tail = TF.Fma(tail, t, TF.Of(0.00573950773f));
        tail = TF.Fma(tail, t, TF.Of(-0.0076224613f));
        tail = TF.Fma(tail, t, TF.Of(0.00943887047f));
        tail = TF.Fma(tail, t, TF.Of(1.00167406f));
        tail = TF.Fma(tail, t, TF.Of(2.83297682f));
        return TF.Select(inCentre, central, tail) * p;
    }
}
