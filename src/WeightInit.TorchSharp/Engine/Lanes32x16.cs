using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace WeightInit.Engine;

/// <summary>Sixteen float lanes, the unit the kernels' float math (<see cref="Math32x16"/>) is written against once. Two
/// representations give the same bits (every operation is IEEE and lane-wise): <see cref="Float32x16"/>, two Vector256
/// worked in lock step (AVX2 and everywhere else), and <see cref="Float32x16Wide"/>, one Vector512 (AVX-512).</summary>
internal unsafe interface IFloat32x16<TF, TI> where TF : struct, IFloat32x16<TF, TI> where TI : struct, IInt32x16<TI, TF>
{
    static abstract TF Of(float v);
    static abstract TF Load(float* p);
    void Store(float* p);
    /// <summary>Non-temporal store (skips reading the destination line first); p must be aligned to <see cref="StreamAlignment"/>.</summary>
    void StoreStreaming(float* p);
    static abstract int StreamAlignment { get; }
    TI Bits();
    static abstract TF operator +(TF x, TF y);
    static abstract TF operator -(TF x, TF y);
    static abstract TF operator *(TF x, TF y);
    static abstract TF operator -(TF x);
    static abstract TF operator &(TF x, TF y);
    static abstract TF operator ^(TF x, TF y);
    /// <summary>x·y + z, rounded once (the same bits on every platform, in hardware or software).</summary>
    static abstract TF Fma(TF x, TF y, TF z);
    static abstract TF Sqrt(TF x);
    /// <summary>x &gt; min ? x : min, then x &lt; max ? x : max: x86's maxps/minps, one instruction each (CoreLib's
    /// Vector Min/Max order ±0 and propagate NaN, about ten instructions each); the same choice elsewhere.</summary>
    static abstract TF Clamp(TF x, TF min, TF max);
    /// <summary>All bits set in the lanes where x &lt; y.</summary>
    static abstract TF LessThan(TF x, TF y);
    /// <summary>x in the lanes whose mask has its sign bit set, else y.</summary>
    static abstract TF Select(TF mask, TF x, TF y);
    /// <summary>Whether every lane of a mask is set.</summary>
    bool AllSet();
}

/// <summary>Sixteen int lanes, the bit-level companion of <see cref="IFloat32x16{TF, TI}"/>.</summary>
internal unsafe interface IInt32x16<TI, TF> where TI : struct, IInt32x16<TI, TF> where TF : struct, IFloat32x16<TF, TI>
{
    static abstract TI Of(int v);
    static abstract TI Load(int* p);
    TF AsFloat();
    TF ToFloat();
    static abstract TI operator +(TI x, TI y);
    static abstract TI operator -(TI x, TI y);
    static abstract TI operator &(TI x, TI y);
    static abstract TI operator |(TI x, TI y);
    static abstract TI operator >>(TI x, int n);
    static abstract TI operator <<(TI x, int n);
}

/// <summary>Sixteen float lanes as two Vector256 worked in lock step. Besides running on AVX2, the pairing helps:
/// the math is long chains of dependent multiply-adds, and two independent chains keep twice as many in flight.</summary>
internal readonly unsafe struct Float32x16(Vector256<float> a, Vector256<float> b) : IFloat32x16<Float32x16, Int32x16>
{
    internal readonly Vector256<float> A = a, B = b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float32x16 Of(float v) => new(Vector256.Create(v), Vector256.Create(v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float32x16 Load(float* p) => new(Vector256.Load(p), Vector256.Load(p + 8));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Store(float* p) { A.Store(p); B.Store(p + 8); }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StoreStreaming(float* p)
    {
        if (Avx.IsSupported) { Avx.StoreAlignedNonTemporal(p, A); Avx.StoreAlignedNonTemporal(p + 8, B); }
        else Store(p);
    }
    public static int StreamAlignment => 32;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Int32x16 Bits() => new(A.AsInt32(), B.AsInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float32x16 operator +(Float32x16 x, Float32x16 y) => new(x.A + y.A, x.B + y.B);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float32x16 operator -(Float32x16 x, Float32x16 y) => new(x.A - y.A, x.B - y.B);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float32x16 operator *(Float32x16 x, Float32x16 y) => new(x.A * y.A, x.B * y.B);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float32x16 operator -(Float32x16 x) => new(-x.A, -x.B);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float32x16 operator &(Float32x16 x, Float32x16 y) => new(x.A & y.A, x.B & y.B);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float32x16 operator ^(Float32x16 x, Float32x16 y) => new(x.A ^ y.A, x.B ^ y.B);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Float32x16 Fma(Float32x16 x, Float32x16 y, Float32x16 z) => new(Vector256.FusedMultiplyAdd(x.A, y.A, z.A), Vector256.FusedMultiplyAdd(x.B, y.B, z.B));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float32x16 Sqrt(Float32x16 x) => new(Vector256.Sqrt(x.A), Vector256.Sqrt(x.B));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Float32x16 Clamp(Float32x16 x, Float32x16 min, Float32x16 max) => Avx.IsSupported
        ? new(Avx.Min(Avx.Max(x.A, min.A), max.A), Avx.Min(Avx.Max(x.B, min.B), max.B))
        : new(Clamp(x.A, min.A, max.A), Clamp(x.B, min.B, max.B));

    static Vector256<float> Clamp(Vector256<float> x, Vector256<float> min, Vector256<float> max)
    {
        x = Vector256.ConditionalSelect(Vector256.GreaterThan(x, min), x, min);
        return Vector256.ConditionalSelect(Vector256.LessThan(x, max), x, max);
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float32x16 LessThan(Float32x16 x, Float32x16 y) => new(Vector256.LessThan(x.A, y.A), Vector256.LessThan(x.B, y.B));
    /// <summary>vblendvps where present (one instruction; it reads only the sign bit), the same choice elsewhere.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Float32x16 Select(Float32x16 mask, Float32x16 x, Float32x16 y) => Avx.IsSupported
        ? new(Avx.BlendVariable(y.A, x.A, mask.A), Avx.BlendVariable(y.B, x.B, mask.B))
        : new(Vector256.ConditionalSelect((mask.A.AsInt32() >> 31).AsSingle(), x.A, y.A), Vector256.ConditionalSelect((mask.B.AsInt32() >> 31).AsSingle(), x.B, y.B));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public bool AllSet() => (A.AsInt32() & B.AsInt32()) == Vector256<int>.AllBitsSet;
}

/// <summary>Sixteen int lanes as two Vector256.</summary>
internal readonly unsafe struct Int32x16(Vector256<int> a, Vector256<int> b) : IInt32x16<Int32x16, Float32x16>
{
    internal readonly Vector256<int> A = a, B = b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int32x16 Of(int v) => new(Vector256.Create(v), Vector256.Create(v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int32x16 Load(int* p) => new(Vector256.Load(p), Vector256.Load(p + 8));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Float32x16 AsFloat() => new(A.AsSingle(), B.AsSingle());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Float32x16 ToFloat() => new(Vector256.ConvertToSingle(A), Vector256.ConvertToSingle(B));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int32x16 operator +(Int32x16 x, Int32x16 y) => new(x.A + y.A, x.B + y.B);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int32x16 operator -(Int32x16 x, Int32x16 y) => new(x.A - y.A, x.B - y.B);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int32x16 operator &(Int32x16 x, Int32x16 y) => new(x.A & y.A, x.B & y.B);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int32x16 operator |(Int32x16 x, Int32x16 y) => new(x.A | y.A, x.B | y.B);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int32x16 operator >>(Int32x16 x, int n) => new(x.A >> n, x.B >> n);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int32x16 operator <<(Int32x16 x, int n) => new(x.A << n, x.B << n);
}

/// <summary>Sixteen float lanes as one Vector512: the kernels' form on AVX-512 hardware. Lane i is lane i of
/// <see cref="Float32x16"/> (A holds 0-7, B 8-15), so both give the same bits.</summary>
internal readonly unsafe struct Float32x16Wide(Vector512<float> v) : IFloat32x16<Float32x16Wide, Int32x16Wide>
{
    internal readonly Vector512<float> V = v;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float32x16Wide Of(float v) => new(Vector512.Create(v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float32x16Wide Load(float* p) => new(Vector512.Load(p));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public void Store(float* p) => V.Store(p);
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void StoreStreaming(float* p)
    {
        if (Avx512F.IsSupported) Avx512F.StoreAlignedNonTemporal(p, V);
        else Store(p);
    }
    public static int StreamAlignment => 64;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Int32x16Wide Bits() => new(V.AsInt32());

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float32x16Wide operator +(Float32x16Wide x, Float32x16Wide y) => new(x.V + y.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float32x16Wide operator -(Float32x16Wide x, Float32x16Wide y) => new(x.V - y.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float32x16Wide operator *(Float32x16Wide x, Float32x16Wide y) => new(x.V * y.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float32x16Wide operator -(Float32x16Wide x) => new(-x.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float32x16Wide operator &(Float32x16Wide x, Float32x16Wide y) => new(x.V & y.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float32x16Wide operator ^(Float32x16Wide x, Float32x16Wide y) => new(x.V ^ y.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float32x16Wide Fma(Float32x16Wide x, Float32x16Wide y, Float32x16Wide z) => new(Vector512.FusedMultiplyAdd(x.V, y.V, z.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float32x16Wide Sqrt(Float32x16Wide x) => new(Vector512.Sqrt(x.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Float32x16Wide Clamp(Float32x16Wide x, Float32x16Wide min, Float32x16Wide max)
    {
        if (Avx512F.IsSupported) return new(Avx512F.Min(Avx512F.Max(x.V, min.V), max.V));
        var v = Vector512.ConditionalSelect(Vector512.GreaterThan(x.V, min.V), x.V, min.V);
        return new(Vector512.ConditionalSelect(Vector512.LessThan(v, max.V), v, max.V));
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Float32x16Wide LessThan(Float32x16Wide x, Float32x16Wide y) => new(Vector512.LessThan(x.V, y.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Float32x16Wide Select(Float32x16Wide mask, Float32x16Wide x, Float32x16Wide y) => new(Vector512.ConditionalSelect((mask.V.AsInt32() >> 31).AsSingle(), x.V, y.V));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public bool AllSet() => V.AsInt32() == Vector512<int>.AllBitsSet;
}

/// <summary>Sixteen int lanes as one Vector512.</summary>
internal readonly unsafe struct Int32x16Wide(Vector512<int> v) : IInt32x16<Int32x16Wide, Float32x16Wide>
{
    internal readonly Vector512<int> V = v;

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int32x16Wide Of(int v) => new(Vector512.Create(v));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int32x16Wide Load(int* p) => new(Vector512.Load(p));
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Float32x16Wide AsFloat() => new(V.AsSingle());
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public Float32x16Wide ToFloat() => new(Vector512.ConvertToSingle(V));

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int32x16Wide operator +(Int32x16Wide x, Int32x16Wide y) => new(x.V + y.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int32x16Wide operator -(Int32x16Wide x, Int32x16Wide y) => new(x.V - y.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int32x16Wide operator &(Int32x16Wide x, Int32x16Wide y) => new(x.V & y.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int32x16Wide operator |(Int32x16Wide x, Int32x16Wide y) => new(x.V | y.V);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int32x16Wide operator >>(Int32x16Wide x, int n) => new(x.V >> n);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Int32x16Wide operator <<(Int32x16Wide x, int n) => new(x.V << n);
}
