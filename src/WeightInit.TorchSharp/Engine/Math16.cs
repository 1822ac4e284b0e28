using System.Runtime.CompilerServices;

namespace WeightInit.Engine;

/// <summary>
/// The float functions the counter kernels need, sixteen lanes at a time, written out as fused multiply-adds.
/// CoreLib's Vector256.Log/SinCos are not used: their code may change between .NET versions and is re-jitted by
/// tiered compilation mid-process, and the engine promises the same bits everywhere. FusedMultiplyAdd is correctly
/// rounded on every platform (in hardware or software), so these give the same bits on any machine.
/// </summary>
internal static class Math16
{
    /// <summary>Natural log for normal, positive x (Cephes logf: x = m·2^e with m in [√½, √2), a degree-9
    /// polynomial in m − 1). About 1 ulp. With <paramref name="scaleLog2"/> = s it returns log(x·2^s), exactly as if
    /// x·2^s had been passed (the scaling only moves the exponent): a kernel can pass an integer k as float and get
    /// log(k·2^s) without the multiply.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static F16 Log(F16 x, int scaleLog2 = 0)
    {
        var bits = x.Bits();
        var e = (bits >> 23) - I16.Of(126 - scaleLog2);
        var m = ((bits & I16.Of(unchecked((int)0x807FFFFF))) | I16.Of(0x3F000000)).AsFloat(); // [0.5, 1)
        var small = F16.LessThan(m, F16.Of(0.707106781186547524f));
        var fe = (e + small.Bits()).ToFloat();                          // e − 1 where m < √½
        var f = m - F16.Of(1f) + (m & small);                           // m − 1, or 2m − 1
        var z = f * f;
        var p = F16.Fma(F16.Of(7.0376836292E-2f), f, F16.Of(-1.1514610310E-1f));
        p = F16.Fma(p, f, F16.Of(1.1676998740E-1f));
        p = F16.Fma(p, f, F16.Of(-1.2420140846E-1f));
        p = F16.Fma(p, f, F16.Of(1.4249322787E-1f));
        p = F16.Fma(p, f, F16.Of(-1.6668057665E-1f));
        p = F16.Fma(p, f, F16.Of(2.0000714765E-1f));
        p = F16.Fma(p, f, F16.Of(-2.4999993993E-1f));
        p = F16.Fma(p, f, F16.Of(3.3333331174E-1f));
        var y = p * f * z;
        y = F16.Fma(fe, F16.Of(-2.12194440e-4f), y);
        y = F16.Fma(z, F16.Of(-0.5f), y);
        return F16.Fma(fe, F16.Of(0.693359375f), f + y);
    }

    /// <summary>Sine and cosine of the angle q·π/2 + y, with |y| ≤ π/4 (where the Cephes sinf/cosf polynomials are
    /// accurate to about 1 ulp without range reduction) and the quadrant q in 0..3 given as the top two bits of
    /// <paramref name="quadrant"/> (the other bits are ignored).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static void SinCosQuadrant(I16 quadrant, F16 y, out F16 sin, out F16 cos)
    {
        var z = y * y;
        var s = F16.Fma(F16.Of(-1.9515295891E-4f), z, F16.Of(8.3321608736E-3f));
        s = F16.Fma(s, z, F16.Of(-1.6666654611E-1f));
        s = F16.Fma(s * z, y, y);
        var c = F16.Fma(F16.Of(2.443315711809948E-5f), z, F16.Of(-1.388731625493765E-3f));
        c = F16.Fma(c, z, F16.Of(4.166664568298827E-2f));
        c = F16.Fma(c * z, z, F16.Fma(z, F16.Of(-0.5f), F16.Of(1f)));
        // Rotating by q quarter turns: q = 1 → (c, −s), 2 → (−s, −c), 3 → (−c, s). Swap when bit 0 of q is set (moved
        // to the sign bit, which is all Select reads); negate the sine when bit 1 is set, the cosine when bit 1 of
        // q + 1 is (q = 1, 2).
        var signBit = I16.Of(int.MinValue);
        var swap = (quadrant << 1).AsFloat();
        var sinSign = (quadrant & signBit).AsFloat();
        var cosSign = ((quadrant + I16.Of(1 << 30)) & signBit).AsFloat();
        sin = F16.Select(swap, c, s) ^ sinSign;
        cos = F16.Select(swap, s, c) ^ cosSign;
    }

    /// <summary>erfinv in single precision (Giles, "Approximating the erfinv function", GPU Computing Gems, 2011):
    /// a polynomial in w = −log(1 − p²) below w = 5, another in √w above. Relative error about 4e-7. The tail
    /// polynomial is skipped when no lane needs it (a choice per lane either way, so values do not change).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static F16 ErfInv(F16 p)
    {
        var one = F16.Of(1f);
        var w = -Log((one - p) * (one + p));
        var c = w - F16.Of(2.5f);
        var central = F16.Fma(F16.Of(2.81022636e-08f), c, F16.Of(3.43273939e-07f));
        central = F16.Fma(central, c, F16.Of(-3.5233877e-06f));
        central = F16.Fma(central, c, F16.Of(-4.39150654e-06f));
        central = F16.Fma(central, c, F16.Of(0.00021858087f));
        central = F16.Fma(central, c, F16.Of(-0.00125372503f));
        central = F16.Fma(central, c, F16.Of(-0.00417768164f));
        central = F16.Fma(central, c, F16.Of(0.246640727f));
        central = F16.Fma(central, c, F16.Of(1.50140941f));
        var inCentre = F16.LessThan(w, F16.Of(5f));
        if (inCentre.AllSet()) return central * p;
        var t = F16.Sqrt(w) - F16.Of(3f);
        var tail = F16.Fma(F16.Of(-0.000200214257f), t, F16.Of(0.000100950558f));
        tail = F16.Fma(tail, t, F16.Of(0.00134934322f));
        tail = F16.Fma(tail, t, F16.Of(-0.00367342844f));
        tail = F16.Fma(tail, t, F16.Of(0.00573950773f));
        tail = F16.Fma(tail, t, F16.Of(-0.0076224613f));
        tail = F16.Fma(tail, t, F16.Of(0.00943887047f));
        tail = F16.Fma(tail, t, F16.Of(1.00167406f));
        tail = F16.Fma(tail, t, F16.Of(2.83297682f));
        return F16.Select(inCentre, central, tail) * p;
    }
}
