using System;
using FsCheck;
using FsCheck.Fluent;
using TorchSharp;
using WeightInit.Sampling;
using WeightInit.Engine;
using WeightInit.Schemes;
using Xunit;
using static TorchSharp.torch;
using static WeightInit.Tests.Numerics.NumericsTestHelpers;

namespace WeightInit.Tests.Numerics;

/// <summary>For generated finite arguments, extreme magnitudes included, and every floating dtype: Apply either throws
/// an ArgumentException and leaves the tensor as it was, or writes only finite values, on the Generator path and
/// on both engine generators. Any other exception (libtorch's, an index error) fails the property.</summary>
public class FiniteValuesPropertyTests
{
    // Magnitudes at every edge: subnormal, float/half/bfloat16 limits and just past them, where std² or −2σ²·log u
    // overflow float, where double sums overflow.
    static readonly double[] Edges =
    {
        0, 5e-324, 1e-320, 1e-300, 1e-46, 1e-45, 1e-38, 1e-30, 1e-20, 1e-19, 1e-18, 1e-7, 1e-3, 0.02, 0.5, 1, 2, 3.5, 8, 100,
        65504, 65519, 65520, 1e5, 1e18, 3e18, 1e19, 1e30, 1e37, 1.7e38, 3.3895313892515355e38, 3.4028234663852886e38,
        3.5e38, 1e39, 1e154, 1e300, 1.7976931348623157e308,
    };

    static readonly ScalarType[] DTypes = { ScalarType.Float32, ScalarType.Float64, ScalarType.Float16, ScalarType.BFloat16 };
    static readonly long[][] Shapes = { new long[] { 3, 5 }, new long[] { 4, 2, 3 }, new long[] { 16, 16 }, new long[] { 1, 40 } };

    static readonly Gen<double> Arg = Gen.OneOf(
        Gen.Elements(Edges),
        Gen.Elements(Edges).Select(x => -x),
        Gen.Choose(-1000, 1000).Select(i => i / 100.0),
        Gen.Choose(-308, 308).SelectMany(e => Gen.Choose(1, 9).Select(m => m * Math.Pow(10, e))));

    sealed record Case(int Kind, double X, double Y, double Z, double W, int DType, int Shape, int Source)
    {
        public override string ToString() =>
            $"kind {Kind}, args ({X:R}, {Y:R}, {Z:R}, {W:R}), {DTypes[DType]}, [{string.Join(", ", Shapes[Shape])}], source {Source}";
    }

    static readonly Gen<Case> Cases =
        from kind in Gen.Choose(0, 12)
        from x in Arg
        from y in Arg
        from z in Arg
        from w in Arg
        from dtype in Gen.Choose(0, DTypes.Length - 1)
        from shape in Gen.Choose(0, Shapes.Length - 1)
        from source in Gen.Choose(0, 2)
        select new Case(kind, x, y, z, w, dtype, shape, source);

    static InitScheme Scheme(Case c) => c.Kind switch
    {
        0 => InitScheme.Uniform(Math.Min(c.X, c.Y), Math.Max(c.X, c.Y)),
        1 => InitScheme.Normal(c.X, Math.Abs(c.Y)),
        2 => InitScheme.TruncNormal(c.X, Math.Abs(c.Y), Math.Min(c.Z, c.W), Math.Max(c.Z, c.W)),
        3 => InitScheme.Constant(c.X),
        4 => InitScheme.XavierUniform(Math.Abs(c.X)),
        5 => InitScheme.XavierNormal(Math.Abs(c.X)),
        6 => InitScheme.KaimingUniform(c.X, c.Y > 0 ? "fan_in" : "fan_out"),
        7 => InitScheme.KaimingNormal(c.X, c.Y > 0 ? "fan_in" : "fan_out", c.Z > 0 ? "leaky_relu" : "tanh"),
        8 => InitScheme.VarianceScaling(Math.Abs(c.X), c.Y > 0 ? "fan_avg" : "fan_geo_avg", "truncated_normal"),
        9 => InitScheme.VarianceScaling(Math.Abs(c.X), "fan_in", c.Y > 0 ? "normal" : "uniform"),
        10 => InitScheme.Orthogonal(Math.Abs(c.X)),
        11 => InitScheme.Sparse(Math.Clamp(Math.Abs(c.Y), 0, 1), Math.Abs(c.X)),
        _ => InitScheme.TruncNormal(0, Math.Abs(c.X), -2 * Math.Abs(c.X), 2 * Math.Abs(c.X)),
    };

    static RandomSource Source(Case c, Generator g) => c.Source switch
    {
        0 => RandomSource.Torch(g),
        1 => InitEngine.Counter(9).Stream("w"),
        _ => InitEngine.Counter(9, CounterGenerator.Philox).Stream("w"),
    };

    static bool Holds(Case c)
    {
        using var scope = NewDisposeScope();
        InitScheme scheme;
        try { scheme = Scheme(c); }
        catch (ArgumentException) { return true; } // rejected before any tensor exists
        var t = Sentinel(Shapes[c.Shape], DTypes[c.DType]);
        var before = t.clone();
        using var g = new Generator(5);
        try
        {
            scheme.Apply(t, Source(c, g));
        }
        catch (ArgumentException)
        {
            return Same(t, before);
        }
        return AllFinite(t);
    }

    [Fact]
    public void EverySchemeThrowsCleanlyOrWritesFiniteValues() =>
        Prop.ForAll(Cases.ToArbitrary(), c => Holds(c)).Check(WeightInit.Tests.Properties.PropertyConfig.Quick(1500));

    /// <summary>The shard path checks the same, with fans from a full shape that may be huge.</summary>
    [Fact]
    public void ShardsThrowCleanlyOrWriteFiniteValues()
    {
        var gen = from c in Cases.Where(c => c.Kind is not (10 or 11))
                  from rows in Gen.Elements(1L, 7L, 1L << 20, 1L << 40, 1L << 61, 1L << 62)
                  select (c, rows);
        Prop.ForAll(gen.ToArbitrary(), x =>
        {
            var (c, rows) = x;
            using var scope = NewDisposeScope();
            InitScheme scheme;
            try { scheme = Scheme(c); }
            catch (ArgumentException) { return true; }
            var shape = Shapes[c.Shape];
            var full = (long[])shape.Clone();
            full[0] = Math.Max(rows, shape[0]);
            var t = Sentinel(shape, DTypes[c.DType]);
            var before = t.clone();
            try { scheme.ApplyShard(t, full, 0, InitEngine.Counter(9).Stream("w")); }
            catch (ArgumentException) { return Same(t, before); }
            return AllFinite(t);
        }).Check(WeightInit.Tests.Properties.PropertyConfig.Quick(600));
    }
}
