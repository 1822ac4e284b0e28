using System;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace WeightInit.Engine;

/// <summary>
/// The counter engine's arithmetic, whole groups at a time. Blocks are the generator's 128-bit outputs (four 32-bit
/// words); block b of a stream is the generator applied to the counter (b mod 2^32, b div 2^32, stream id low, high).
/// <para>float32: a group is 32 blocks and 160 values, five 24-bit fields per block (the top 24 bits of each word,
/// and the low bytes of words 0-2 put together), so a value costs 1/5 of a block. Value 8v + j of group g (v in
/// 0..19, j in 0..7) is field v mod 5 of block 32g + 8⌊v/5⌋ + j. A normal value pairs fields v and v + 10 (v &lt; 10)
/// through Box–Muller, the cosine going to value 8v + j, the sine to 8(v + 10) + j.</para>
/// <para>float64: a group is 16 blocks and 32 values; a uniform element e takes words 2q, 2q+1 (q = e%32/16) of block
/// 16·(e/32) + e%16. A normal pair, elements e and e + 16 (e%32 &lt; 16), takes all four words of that block: words
/// 0-1 the radius, words 2-3 the angle; the cosine goes to e, the sine to e + 16.</para>
/// Every element goes through the same lane-wise IEEE operations (partial groups are computed whole and trimmed), so a
/// value never depends on where a thread or shard boundary fell. The float32 transforms run sixteen lanes at a time,
/// as one Vector512 on AVX-512 hardware and as two Vector256 elsewhere (the same bits); the generators run on
/// Vector256 (and AES-NI); hardware without them gets the same operations from .NET's software vectors.
/// </summary>
internal static unsafe partial class CounterKernels
{
    internal const int F32Group = 160, F64Group = 32;

    static readonly Vector256<uint> Iota = Vector256.Create(0u, 1, 2, 3, 4, 5, 6, 7);
    const float Inv24 = 1.0f / (1 << 24);

    /// <summary>Writes <paramref name="groups"/> float32 groups starting at group <paramref name="firstGroup"/>.
    /// Always fully optimized: unoptimized (Debug) vector code is tens of times slower.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void F32(in CounterOp op, long firstGroup, long groups, float* dst)
    {
        if (Vector512.IsHardwareAccelerated) F32<Float32x16Wide, Int32x16Wide>(op, firstGroup, groups, dst);
        else F32<Float32x16, Int32x16>(op, firstGroup, groups, dst);
    }

    /// <summary>The float32 kernels in one lane representation (tests run both and compare bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static void F32<TF, TI>(in CounterOp op, long firstGroup, long groups, float* dst) where TF : struct, IFloat32x16<TF, TI> where TI : struct, IInt32x16<TI, TF>
    {
        var keys = new BlockKeys(op);
        // Non-temporal stores skip reading each destination line before writing it; they need aligned addresses.
        bool stream = op.NonTemporal && ((nint)dst & (TF.StreamAlignment - 1)) == 0;
        switch (op.Draw)
        {
            case Draw.Uniform: UniformF32<TF, TI>(op, keys, firstGroup, groups, dst, stream); break;
            case Draw.Normal: NormalF32<TF, TI>(op, keys, firstGroup, groups, dst, stream); break;
            default: TruncF32<TF, TI>(op, keys, firstGroup, groups, dst, stream); break;
        }
        if (stream && Sse.IsSupported) Sse.StoreFence();
    }

    // Each group is made in two passes: the generator into twenty vectors of 24-bit fields on the stack (L1), then the
    // draw's transform from there, sixteen lanes at a time. Doing both in registers ran out of them (and out of the
    // JIT's inlining budget).

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void UniformF32<TF, TI>(CounterOp op, in BlockKeys keys, long firstGroup, long groups, float* dst, bool stream) where TF : struct, IFloat32x16<TF, TI> where TI : struct, IInt32x16<TI, TF>
    {
        var low = TF.Of((float)op.Low);
        var step = TF.Of((float)op.Range * Inv24);
        bool multiplied = op.Multiplied;
        var factor = TF.Of(op.Multiplier);
        int* f = stackalloc int[F32Group];
        for (long g = firstGroup; g < firstGroup + groups; g++, dst += F32Group)
        {
            Fields(op, keys, g, f);
            for (int v = 0; v < F32Group; v += 16)
            {
                var x = TF.Fma(TI.Load(f + v).ToFloat(), step, low);
                Put<TF, TI>(multiplied ? x * factor : x, dst + v, stream);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void NormalF32<TF, TI>(CounterOp op, in BlockKeys keys, long firstGroup, long groups, float* dst, bool stream) where TF : struct, IFloat32x16<TF, TI> where TI : struct, IInt32x16<TI, TF>
    {
        var mean = TF.Of((float)op.Mean);
        // −2·std²·log u overflows float from std ≈ 3e18, and std² leaves float's normal range below 1e-19: beyond
        // [1e-18, 1e18] the radius is drawn for std 1 and then scaled by std. Ordinary std keep the one-step form
        // and its bits (the engine's values never change).
        bool scaleAfter = op.Scale > 1e18 || (op.Scale > 0 && op.Scale < 1e-18);
        var minusTwoVariance = TF.Of(scaleAfter ? -2f : (float)(-2 * op.Scale * op.Scale));
        var std = TF.Of((float)op.Scale);
        var min = TF.Of((float)op.ClampLow);
        var max = TF.Of((float)op.ClampHigh);
        bool clamp = !double.IsNegativeInfinity(op.ClampLow) || !double.IsPositiveInfinity(op.ClampHigh);
        bool multiplied = op.Multiplied;
        var factor = TF.Of(op.Multiplier);
        int* f = stackalloc int[F32Group];
        float* squares = stackalloc float[F32Group / 2];
        const int half = F32Group / 2;
        for (long g = firstGroup; g < firstGroup + groups; g++, dst += F32Group)
        {
            Fields(op, keys, g, f);
            // Box–Muller's radius std·√(−2 log u), u = (a + 1)·2^-24 in (0, 1] (never log 0), as √(−2·std²·log u).
            // The log is a long chain of dependent operations: alone in a short loop, several of them overlap in the
            // processor; the square root goes with the angle, the other chain. 10% faster than one loop doing both.
            for (int v = 0; v < half; v += 16)
                (Math32x16.Log<TF, TI>((TI.Load(f + v) + TI.Of(1)).ToFloat(), scaleLog2: -24) * minusTwoVariance).Store(squares + v);
            for (int v = 0; v < half; v += 16)
            {
                var radius = TF.Sqrt(TF.Load(squares + v));
                if (scaleAfter) radius = radius * std;
                Angle<TF, TI>(TI.Load(f + v + half), out var sin, out var cos);
                var z0 = TF.Fma(radius, cos, mean);
                var z1 = TF.Fma(radius, sin, mean);
                if (clamp) (z0, z1) = (TF.Clamp(z0, min, max), TF.Clamp(z1, min, max));
                if (multiplied) (z0, z1) = (z0 * factor, z1 * factor);
                Put<TF, TI>(z0, dst + v, stream);
                Put<TF, TI>(z1, dst + v + half, stream);
            }
        }
    }

    /// <summary>Box–Muller's angle from a 24-bit uniform b, as its sine and cosine: q·π/2 + y with the quadrant q from
    /// b's top two bits and y from its other 22, centred in (−π/4, π/4).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Angle<TF, TI>(TI b, out TF sin, out TF cos) where TF : struct, IFloat32x16<TF, TI> where TI : struct, IInt32x16<TI, TF>
    {
        const float step = (float)(Math.PI / (1 << 23));
        var y = TF.Fma(((b & TI.Of(0x3FFFFF)) - TI.Of(1 << 21)).ToFloat(), TF.Of(step), TF.Of(0.5f * step));
        Math32x16.SinCosQuadrant<TF, TI>(b << 8, y, out sin, out cos);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    static void TruncF32<TF, TI>(CounterOp op, in BlockKeys keys, long firstGroup, long groups, float* dst, bool stream) where TF : struct, IFloat32x16<TF, TI> where TI : struct, IInt32x16<TI, TF>
    {
        var low = TF.Of((float)op.Low);
        var step = TF.Of((float)op.Range * Inv24);
        var mean = TF.Of((float)op.Mean);
        var scale = TF.Of((float)op.Scale);
        var min = TF.Of((float)op.ClampLow);
        var max = TF.Of((float)op.ClampHigh);
        bool multiplied = op.Multiplied;
        var factor = TF.Of(op.Multiplier);
        int* f = stackalloc int[F32Group];
        float* w = stackalloc float[F32Group];
        for (long g = firstGroup; g < firstGroup + groups; g++, dst += F32Group)
        {
            Fields(op, keys, g, f);
            // erfinv in two short loops, its log and then its polynomials, for the reason given in NormalF32 (11% faster).
            for (int v = 0; v < F32Group; v += 16)
                Math32x16.ErfInvW<TF, TI>(TF.Fma(TI.Load(f + v).ToFloat(), step, low)).Store(w + v);
            for (int v = 0; v < F32Group; v += 16)
            {
                var p = TF.Fma(TI.Load(f + v).ToFloat(), step, low);
                var x = TF.Clamp(TF.Fma(Math32x16.ErfInv<TF, TI>(p, TF.Load(w + v)), scale, mean), min, max);
                Put<TF, TI>(multiplied ? x * factor : x, dst + v, stream);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Put<TF, TI>(TF x, float* p, bool stream) where TF : struct, IFloat32x16<TF, TI> where TI : struct, IInt32x16<TI, TF>
    {
        if (stream) x.StoreStreaming(p);
        else x.Store(p);
    }

    /// <summary>Group g's twenty vectors of 24-bit fields: five from each run of eight blocks.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static void Fields(in CounterOp op, in BlockKeys keys, long g, int* f)
    {
        for (int run = 0; run < 4; run++, f += 40)
        {
            var x = Block8(op, keys, 32 * g + 8 * run);
            Top24(x.X0).Store(f);
            Top24(x.X1).Store(f + 8);
            Top24(x.X2).Store(f + 16);
            Top24(x.X3).Store(f + 24);
            Low24(x).Store(f + 32);
        }
    }

    /// <summary>The top 24 bits of a word.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<int> Top24(Vector256<uint> w) => (w >> 8).AsInt32();

    /// <summary>The fifth 24-bit field of a block: the low bytes of words 0, 1 and 2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Vector256<int> Low24(in Words8 x)
    {
        var b = Vector256.Create(0xFFu);
        return ((x.X0 & b) | ((x.X1 & b) << 8) | ((x.X2 & b) << 16)).AsInt32();
    }

    /// <summary>Blocks block..block+7 of the op's stream, lane j holding block + j (block is a multiple of 8, so
    /// the low counter word cannot carry).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    static Words8 Block8(in CounterOp op, in BlockKeys keys, long block)
    {
        uint lo = (uint)block, hi = (uint)((ulong)block >> 32);
        if (op.Generator == CounterGenerator.Ars) return Ars.Block8(lo, hi, op.S0, op.S1, keys.Ars);
        var counter = new Words8(Vector256.Create(lo) + Iota, Vector256.Create(hi), Vector256.Create(op.S0), Vector256.Create(op.S1));
        return Philox.Block8(counter, keys.Philox);
    }

    /// <summary>Both generators' round keys for the op's seed, made once per kernel call.</summary>
    readonly struct BlockKeys(CounterOp op)
    {
        internal readonly RoundKeys Philox = new(op.K0, op.K1);
        internal readonly ArsKeys Ars = new(op.Seed, 0);
    }
}
