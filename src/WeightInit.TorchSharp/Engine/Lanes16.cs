using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace WeightInit.Engine;

/// <summary>Sixteen float lanes as two Vector256 worked in lock step. The kernels' math is long chains of dependent
/// multiply-adds (log, sincos, erfinv); two independent chains side by side keep twice as many in flight.</summary>
internal readonly struct F16(Vector256<float> a, Vector256<float> b)
{
    internal readonly Vector256<float> A = a, B = b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] internal static F16 Of(float v) => new(Vector256.Create(v), Vector256.Create(v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] internal static unsafe F16 Load(float* p) => new(Vector256.Load(p), Vector256.Load(p + 8));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] internal unsafe void Store(float* p) { A.Store(p); B.Store(p + 8); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] internal I16 Bits() => new(A.AsInt32(), B.AsInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F16 operator +(F16 x, F16 y) => new(x.A + y.A, x.B + y.B);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F16 operator -(F16 x, F16 y) => new(x.A - y.A, x.B - y.B);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F16 operator *(F16 x, F16 y) => new(x.A * y.A, x.B * y.B);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F16 operator -(F16 x) => new(-x.A, -x.B);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F16 operator &(F16 x, F16 y) => new(x.A & y.A, x.B & y.B);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static F16 operator ^(F16 x, F16 y) => new(x.A ^ y.A, x.B ^ y.B);

    /// <summary>x·y + z, rounded once (the same bits on every platform).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static F16 Fma(F16 x, F16 y, F16 z) => new(Vector256.FusedMultiplyAdd(x.A, y.A, z.A), Vector256.FusedMultiplyAdd(x.B, y.B, z.B));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] internal static F16 Sqrt(F16 x) => new(Vector256.Sqrt(x.A), Vector256.Sqrt(x.B));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static F16 Clamp(F16 x, F16 min, F16 max) => new(Vector256.Min(Vector256.Max(x.A, min.A), max.A), Vector256.Min(Vector256.Max(x.B, min.B), max.B));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] internal static F16 LessThan(F16 x, F16 y) => new(Vector256.LessThan(x.A, y.A), Vector256.LessThan(x.B, y.B));
    /// <summary>x in the lanes whose mask has its sign bit set, else y: vblendvps where present (one instruction),
    /// the same choice elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static F16 Select(F16 mask, F16 x, F16 y) => Avx.IsSupported
        ? new(Avx.BlendVariable(y.A, x.A, mask.A), Avx.BlendVariable(y.B, x.B, mask.B))
        : new(Vector256.ConditionalSelect((mask.A.AsInt32() >> 31).AsSingle(), x.A, y.A), Vector256.ConditionalSelect((mask.B.AsInt32() >> 31).AsSingle(), x.B, y.B));
    /// <summary>Whether every lane of a mask is set.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] internal bool AllSet() => (A.AsInt32() & B.AsInt32()) == Vector256<int>.AllBitsSet;
}

/// <summary>Sixteen int lanes, the bit-level companion of <see cref="F16"/>.</summary>
internal readonly struct I16(Vector256<int> a, Vector256<int> b)
{
    internal readonly Vector256<int> A = a, B = b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] internal static I16 Of(int v) => new(Vector256.Create(v), Vector256.Create(v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] internal static unsafe I16 Load(int* p) => new(Vector256.Load(p), Vector256.Load(p + 8));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] internal F16 AsFloat() => new(A.AsSingle(), B.AsSingle());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] internal F16 ToFloat() => new(Vector256.ConvertToSingle(A), Vector256.ConvertToSingle(B));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static I16 operator +(I16 x, I16 y) => new(x.A + y.A, x.B + y.B);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static I16 operator -(I16 x, I16 y) => new(x.A - y.A, x.B - y.B);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static I16 operator &(I16 x, I16 y) => new(x.A & y.A, x.B & y.B);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static I16 operator |(I16 x, I16 y) => new(x.A | y.A, x.B | y.B);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static I16 operator ^(I16 x, I16 y) => new(x.A ^ y.A, x.B ^ y.B);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static I16 operator >>(I16 x, int n) => new(x.A >> n, x.B >> n);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static I16 operator <<(I16 x, int n) => new(x.A << n, x.B << n);
}
