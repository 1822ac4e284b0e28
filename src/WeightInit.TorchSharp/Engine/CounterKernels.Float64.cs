using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace WeightInit.Engine;

// The float64 kernels: 53-bit uniforms, Box–Muller and the inverse-CDF truncated normal through Math64x4.
internal static unsafe partial class CounterKernels
{
    /// <summary>Writes float64 groups: uniform, normal or truncated normal.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void F64(in CounterOp op, long firstGroup, long groups, double* dst)
    {
        var op2 = op;
        if (op2.Draw == Draw.TruncNormal)
        {
            // The uniform p first, then mean + scale·erfinv(p), clamped, in place: two short loops (see NormalF32).
            F64(op2 with { Draw = Draw.Uniform }, firstGroup, groups, dst);
            TruncNormalInPlace(op2, dst, groups * F64Group);
            return;
        }
        var keys = new BlockKeys(op2);
        for (long g = 0; g < groups; g++)
            for (int h = 0; h < 2; h++)
            {
                var (x0, x1, x2, x3) = Block8(op2, keys, (firstGroup + g) * 16 + h * 8);
                double* o = dst + g * F64Group + h * 8;
                U53(x0, x1, out var a0, out var a1);
                if (op2.Draw == Draw.Uniform)
                {
                    U53(x2, x3, out var b0, out var b1);
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
                    var min = Vector256.Create(op2.ClampLow);
                    var max = Vector256.Create(op2.ClampHigh);
                    var (qL, qU) = Vector256.Widen(x2);
                    Angle53(x2, x3, out var y0, out var y1);
                    BoxMuller(a0, qL << 32, y0, out var c0, out var s0);
                    BoxMuller(a1, qU << 32, y1, out var c1, out var s1);
                    Vector256.Min(Vector256.Max(mean + c0 * std, min), max).Store(o);
                    Vector256.Min(Vector256.Max(mean + c1 * std, min), max).Store(o + 4);
                    Vector256.Min(Vector256.Max(mean + s0 * std, min), max).Store(o + 16);
                    Vector256.Min(Vector256.Max(mean + s1 * std, min), max).Store(o + 20);
                }
            }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void TruncNormalInPlace(in CounterOp op, double* x, long count)
    {
        var mean = Vector256.Create(op.Mean);
        var scale = Vector256.Create(op.Scale);
        var min = Vector256.Create(op.ClampLow);
        var max = Vector256.Create(op.ClampHigh);
        Math64x4.ErfInvInPlace(x, count);
        for (long i = 0; i < count; i += 4)
        {
            // A NaN (erfinv of a p rounded past ±1) goes to the lower bound, as the float kernels' clamp does; every
            // other value is unchanged.
            var y = mean + Vector256.Load(x + i) * scale;
            y = Vector256.ConditionalSelect(Vector256.Equals(y, y), y, min);
            Vector256.Min(Vector256.Max(y, min), max).Store(x + i);
        }
    }

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

    /// <summary>The angle's offset y in [−π/4, π/4) within the quadrant given by a word's top two bits: its other 30
    /// bits and the top 21 of a second word, a 51-bit uniform, centred. Lanes 0-3 and 4-7.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Angle53(Vector256<uint> a, Vector256<uint> b, out Vector256<double> lower, out Vector256<double> upper)
    {
        var (aL, aU) = Vector256.Widen(a & Vector256.Create(0x3FFF_FFFFu));
        var (bL, bU) = Vector256.Widen(b >> 11);
        const double quarterTurn = Math.PI / 2;
        var step = Vector256.Create(quarterTurn / (1L << 51));
        var offset = Vector256.Create(quarterTurn * (0.5 / (1L << 51) - 0.5));
        lower = Vector256.FusedMultiplyAdd(ToDouble(aL) * (1L << 21) + ToDouble(bL), step, offset);
        upper = Vector256.FusedMultiplyAdd(ToDouble(aU) * (1L << 21) + ToDouble(bU), step, offset);
    }

    /// <summary>Box–Muller in double with the engine's own log and sin/cos (<see cref="Math64x4"/>): radius √(−2 log u),
    /// u = u1 + 2^-53 in (0, 1]; angle q·π/2 + y, q the top two bits of <paramref name="quadrant"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void BoxMuller(Vector256<double> u1, Vector256<ulong> quadrant, Vector256<double> y, out Vector256<double> z0, out Vector256<double> z1)
    {
        var radius = Vector256.Sqrt(Math64x4.Log(u1 + Vector256.Create(1.0 / (1L << 53))) * -2.0);
        Math64x4.SinCosQuadrant(quadrant, y, out var sin, out var cos);
        z0 = radius * cos;
        z1 = radius * sin;
    }
}
