using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace WeightInit.Engine;

/// <summary>
/// The counter engine's arithmetic, whole groups at a time. A group is 16 Philox blocks (64 words): 64 float32
/// values or 32 float64 values. Element e of a stream is a fixed function of (seed, stream, e): for float32 it is
/// word e%64/16 of block 16·(e/64) + e%16; for float64 it takes words 2q, 2q+1 (q = e%32/16) of block
/// 16·(e/32) + e%16. Every element goes through these same Vector256 instructions (partial groups are computed
/// whole and trimmed), so a value never depends on where a thread or shard boundary fell. On hardware without
/// 256-bit vectors .NET runs the same operations in software.
/// </summary>
internal static unsafe class CounterKernels
{
    internal const int F32Group = 64, F64Group = 32;

    static readonly Vector256<uint> Iota = Vector256.Create(0u, 1, 2, 3, 4, 5, 6, 7);
    const float TwoPiF = 6.2831853071795864769f, Inv24 = 1.0f / (1 << 24);
    const double TwoPi = 6.2831853071795864769;

    /// <summary>Writes <paramref name="groups"/> float32 groups starting at group <paramref name="firstGroup"/>.
    /// Always fully optimized: unoptimized (Debug) vector code is tens of times slower.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void F32(in CounterOp op, long firstGroup, long groups, float* dst)
    {
        var op2 = op;
        for (long g = 0; g < groups; g++)
            for (int h = 0; h < 2; h++)
            {
                Words(op2, (firstGroup + g) * 16 + h * 8, out var x0, out var x1, out var x2, out var x3);
                float* o = dst + g * F32Group + h * 8;
                switch (op2.Draw)
                {
                    case Draw.Uniform:
                        var low = Vector256.Create((float)op2.Low);
                        var range = Vector256.Create((float)op2.Range);
                        (low + U24(x0) * range).Store(o);
                        (low + U24(x1) * range).Store(o + 16);
                        (low + U24(x2) * range).Store(o + 32);
                        (low + U24(x3) * range).Store(o + 48);
                        break;
                    case Draw.Normal:
                        var mean = Vector256.Create((float)op2.Mean);
                        var std = Vector256.Create((float)op2.Scale);
                        BoxMuller(x0, x1, out var z0, out var z1);
                        BoxMuller(x2, x3, out var z2, out var z3);
                        (mean + z0 * std).Store(o);
                        (mean + z1 * std).Store(o + 16);
                        (mean + z2 * std).Store(o + 32);
                        (mean + z3 * std).Store(o + 48);
                        break;
                    default:
                        Trunc(op2, x0).Store(o);
                        Trunc(op2, x1).Store(o + 16);
                        Trunc(op2, x2).Store(o + 32);
                        Trunc(op2, x3).Store(o + 48);
                        break;
                }
            }
    }

    /// <summary>Writes float64 groups: uniform or normal (the truncated normal in double goes through torch's erfinv).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void F64(in CounterOp op, long firstGroup, long groups, double* dst)
    {
        var op2 = op;
        if (op2.Draw == Draw.TruncNormal) throw new InvalidOperationException("float64 truncated normal is drawn as uniform, then erfinv");
        for (long g = 0; g < groups; g++)
            for (int h = 0; h < 2; h++)
            {
                Words(op2, (firstGroup + g) * 16 + h * 8, out var x0, out var x1, out var x2, out var x3);
                double* o = dst + g * F64Group + h * 8;
                U53(x0, x1, out var a0, out var a1);
                U53(x2, x3, out var b0, out var b1);
                if (op2.Draw == Draw.Uniform)
                {
                    var low = Vector256.Create(op2.Low);
                    var range = Vector256.Create(op2.Range);
                    (low + a0 * range).Store(o);
                    (low + a1 * range).Store(o + 4);
                    (low + b0 * range).Store(o + 16);
                    (low + b1 * range).Store(o + 20);
                }
                else
                {
                    var mean = Vector256.Create(op2.Mean);
                    var std = Vector256.Create(op2.Scale);
                    BoxMuller(a0, b0, out var c0, out var s0);
                    BoxMuller(a1, b1, out var c1, out var s1);
                    (mean + c0 * std).Store(o);
                    (mean + c1 * std).Store(o + 4);
                    (mean + s0 * std).Store(o + 16);
                    (mean + s1 * std).Store(o + 20);
                }
            }
    }

    /// <summary>Philox outputs of blocks block..block+7 (block is a multiple of 8, so the low word cannot carry).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Words(in CounterOp op, long block, out Vector256<uint> c0, out Vector256<uint> c1, out Vector256<uint> c2, out Vector256<uint> c3)
    {
        c0 = Vector256.Create((uint)block) + Iota;
        c1 = Vector256.Create((uint)((ulong)block >> 32));
        c2 = Vector256.Create(op.S0);
        c3 = Vector256.Create(op.S1);
        Philox.Block8(ref c0, ref c1, ref c2, ref c3, op.K0, op.K1);
    }

    /// <summary>The top 24 bits as a float in [0, 1): exact, 2^-24 apart.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> U24(Vector256<uint> x) => Vector256.ConvertToSingle((x >> 8).AsInt32()) * Inv24;

    /// <summary>53-bit uniforms in [0, 1) from two words (27 + 26 bits, as MT19937's genrand_res53), lanes 0-3 and 4-7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void U53(Vector256<uint> a, Vector256<uint> b, out Vector256<double> lower, out Vector256<double> upper)
    {
        var (aL, aU) = Vector256.Widen(a >> 5);
        var (bL, bU) = Vector256.Widen(b >> 6);
        lower = ToDouble(aL) * (1.0 / (1L << 27)) + ToDouble(bL) * (1.0 / (1L << 53));
        upper = ToDouble(aU) * (1.0 / (1L << 27)) + ToDouble(bU) * (1.0 / (1L << 53));
    }

    /// <summary>Exact ulong → double for values below 2^52: put them in the mantissa of 2^52 and subtract it
    /// (AVX2 has no 64-bit integer conversion).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<double> ToDouble(Vector256<ulong> v) =>
        (v | Vector256.Create(0x4330000000000000UL)).AsDouble() - Vector256.Create(4503599627370496.0);

    /// <summary>Box–Muller on two words: radius from u1 in (0, 1] (never log 0), angle 2π(u2 − ½) in [−π, π).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void BoxMuller(Vector256<uint> a, Vector256<uint> b, out Vector256<float> z0, out Vector256<float> z1)
    {
        var u1 = Vector256.ConvertToSingle(((a >> 8) + Vector256<uint>.One).AsInt32()) * Inv24;
        var r = Vector256.Sqrt(Vector256.Log(u1) * -2f);
        var (s, c) = Vector256.SinCos((U24(b) - Vector256.Create(0.5f)) * TwoPiF);
        z0 = r * c;
        z1 = r * s;
    }

    /// <summary>Box–Muller in double through the C library's log and sincos, lane by lane. CoreLib's
    /// Vector256.Log/SinCos for double are not inlined into the kernel: they start precompiled and are re-jitted by
    /// tiered compilation (with FMA) after a few calls, which changed the values between the 2nd and 3rd call of one
    /// process. libm's results never change within a process.</summary>
    static void BoxMuller(Vector256<double> u1, Vector256<double> u2, out Vector256<double> z0, out Vector256<double> z1)
    {
        var a = u1 + Vector256.Create(1.0 / (1L << 53));
        var angle = (u2 - Vector256.Create(0.5)) * TwoPi;
        double* c = stackalloc double[4];
        double* s = stackalloc double[4];
        for (int i = 0; i < 4; i++)
        {
            double r = Math.Sqrt(Math.Log(a.GetElement(i)) * -2.0);
            var (sin, cos) = Math.SinCos(angle.GetElement(i));
            c[i] = r * cos;
            s[i] = r * sin;
        }
        z0 = Vector256.Load(c);
        z1 = Vector256.Load(s);
    }

    /// <summary>Inverse-CDF truncated normal in float: p uniform in [Low, Low + Range] ⊂ (−1, 1), then erfinv.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<float> Trunc(in CounterOp op, Vector256<uint> x)
    {
        var p = Vector256.Create((float)op.Low) + U24(x) * (float)op.Range;
        var v = Vector256.Create((float)op.Mean) + ErfInv(p) * (float)op.Scale;
        return Vector256.Min(Vector256.Max(v, Vector256.Create((float)op.ClampLow)), Vector256.Create((float)op.ClampHigh));
    }

    /// <summary>erfinv in single precision (Giles, "Approximating the erfinv function", GPU Computing Gems, 2011):
    /// two polynomials in w = −log(1 − p²), both evaluated and blended. Relative error about 4e-7.</summary>
    internal static Vector256<float> ErfInv(Vector256<float> p)
    {
        var one = Vector256<float>.One;
        var w = -Vector256.Log((one - p) * (one + p));
        var c = w - Vector256.Create(2.5f);
        var central = Vector256.Create(2.81022636e-08f);
        central = Vector256.Create(3.43273939e-07f) + central * c;
        central = Vector256.Create(-3.5233877e-06f) + central * c;
        central = Vector256.Create(-4.39150654e-06f) + central * c;
        central = Vector256.Create(0.00021858087f) + central * c;
        central = Vector256.Create(-0.00125372503f) + central * c;
        central = Vector256.Create(-0.00417768164f) + central * c;
        central = Vector256.Create(0.246640727f) + central * c;
        central = Vector256.Create(1.50140941f) + central * c;
        var t = Vector256.Sqrt(w) - Vector256.Create(3f);
        var tail = Vector256.Create(-0.000200214257f);
        tail = Vector256.Create(0.000100950558f) + tail * t;
        tail = Vector256.Create(0.00134934322f) + tail * t;
        tail = Vector256.Create(-0.00367342844f) + tail * t;
        tail = Vector256.Create(0.00573950773f) + tail * t;
        tail = Vector256.Create(-0.0076224613f) + tail * t;
        tail = Vector256.Create(0.00943887047f) + tail * t;
        tail = Vector256.Create(1.00167406f) + tail * t;
        tail = Vector256.Create(2.83297682f) + tail * t;
        return Vector256.ConditionalSelect(Vector256.LessThan(w, Vector256.Create(5f)), central, tail) * p;
    }
}
