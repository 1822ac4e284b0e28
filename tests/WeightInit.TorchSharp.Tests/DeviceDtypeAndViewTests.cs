using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using WeightInit.Schemes;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests;

/// <summary>
/// What a scheme does to the tensor it is given, beyond the values' distribution: generator determinism, half-precision
/// targets, parameters that require grad, views (the rest of the storage untouched), zero-element and meta tensors,
/// and CUDA targets. Every draw passes its own Generator, so this class runs in parallel with the others; the one
/// check that needs the global generator is in <see cref="GeneratorIgnoresGlobalSeedTests"/>.
/// </summary>
public class DeviceDtypeAndViewTests
{
    const ulong Seed = 2024;

    /// <summary>Every scheme, with non-default arguments where it has any, for a 2-D weight.</summary>
    internal static readonly IReadOnlyDictionary<string, InitScheme> MatrixSchemes = new InitScheme[]
    {
        InitScheme.Uniform(-0.5, 2), InitScheme.Normal(1, 3), InitScheme.TruncNormal(0.1, 0.5, -0.4, 0.9),
        InitScheme.Constant(0.25), InitScheme.Ones, InitScheme.Zeros, InitScheme.Eye,
        InitScheme.XavierUniform(1.5), InitScheme.XavierNormal(0.7),
        InitScheme.KaimingUniform(0.2, "fan_out"), InitScheme.KaimingNormal(0, "fan_in", "relu"),
        InitScheme.LecunUniform, InitScheme.LecunNormal,
        InitScheme.VarianceScaling(2, "fan_avg", "truncated_normal"), InitScheme.VarianceScaling(0.5, "fan_geo_avg", "normal"),
        InitScheme.VarianceScaling(1, "fan_out", "uniform"),
        InitScheme.Orthogonal(1.3), InitScheme.Sparse(0.3, 0.05),
    }.ToDictionary(s => s.ToString());

    /// <summary>The one scheme that needs a 3-5 dim weight.</summary>
    internal static readonly InitScheme Dirac = InitScheme.Dirac(2);

    public static IEnumerable<object[]> MatrixSchemeNames => MatrixSchemes.Keys.Select(k => new object[] { k });

    public static IEnumerable<object[]> RandomSchemeNames =>
        MatrixSchemes.Where(kv => kv.Value.IsRandom).Select(kv => new object[] { kv.Key });

    static Tensor Apply(string scheme, Tensor t, ulong seed)
    {
        using var g = new Generator(seed);
        return MatrixSchemes[scheme].Apply(t, g);
    }

    static bool Same(Tensor a, Tensor b) => a.dtype == b.dtype && a.shape.SequenceEqual(b.shape) && a.allclose(b, 0, 0);

    // ---- generator determinism ----

    [Theory, MemberData(nameof(RandomSchemeNames))]
    public void SameSeedSameValuesOtherSeedOtherValues(string scheme)
    {
        using var a = Apply(scheme, empty(16, 12), Seed);
        using var b = Apply(scheme, empty(16, 12), Seed);
        using var c = Apply(scheme, empty(16, 12), Seed + 1);
        Assert.True(Same(a, b), "same seed, different values");
        Assert.False(Same(a, c), "different seeds, same values");
    }

    // ---- float16 / bfloat16 / float64 targets ----

    public static IEnumerable<object[]> HalfCases() =>
        from dtype in new[] { ScalarType.Float16, ScalarType.BFloat16 }
        from scheme in new[] { "xavier_uniform_", "kaiming_normal_", "trunc_normal_", "orthogonal_", "orthogonal_gain" }
        select new object[] { dtype, scheme };

    static Tensor HalfScheme(string name, Tensor t, Generator g) => name switch
    {
        "xavier_uniform_" => t.xavier_uniform_(1.5, g),
        "kaiming_normal_" => t.kaiming_normal_(0.1, "fan_out", "leaky_relu", g),
        "trunc_normal_" => t.trunc_normal_(0.5, 2, -1, 3, g),
        "orthogonal_" => t.orthogonal_(1.0, g),
        _ => t.orthogonal_(1.3, g),
    };

    [Theory, MemberData(nameof(HalfCases))]
    public void HalfPrecisionTargetGetsTheFloat32DrawRounded(ScalarType dtype, string scheme)
    {
        // A float16/bfloat16 weight gets exactly what a float32 weight gets from the same seed, rounded once to the
        // half type (the draw and the arithmetic happen in float32, then one cast).
        using var scope = NewDisposeScope();
        var half = empty(new long[] { 24, 10 }, dtype);
        var single = empty(new long[] { 24, 10 }, ScalarType.Float32);
        using (var g = new Generator(Seed)) HalfScheme(scheme, half, g);
        using (var g = new Generator(Seed)) HalfScheme(scheme, single, g);
        Assert.Equal(dtype, half.dtype);
        var expected = single.to_type(dtype);
        var diff = (half.to_type(ScalarType.Float64) - expected.to_type(ScalarType.Float64)).abs();
        Assert.True(Same(half, expected),
            $"{scheme} on {dtype}: {diff.gt(0).sum().item<long>()} elements differ from the float32 draw cast to {dtype}, max {diff.max().item<double>():G3}");
    }

    [Theory]
    [InlineData("xavier_uniform_")]
    [InlineData("kaiming_normal_")]
    [InlineData("trunc_normal_")]
    [InlineData("orthogonal_")]
    public void Float64TargetIsDrawnInFloat64(string scheme)
    {
        using var scope = NewDisposeScope();
        var dbl = empty(new long[] { 24, 10 }, ScalarType.Float64);
        var single = empty(new long[] { 24, 10 }, ScalarType.Float32);
        using (var g = new Generator(Seed)) HalfScheme(scheme, dbl, g);
        using (var g = new Generator(Seed)) HalfScheme(scheme, single, g);
        Assert.Equal(ScalarType.Float64, dbl.dtype);
        // Not the float32 draw widened: the values differ, and most carry more than float32's 24 bits.
        Assert.False(dbl.allclose(single.to_type(ScalarType.Float64), 0, 1e-4));
        double[] v = dbl.data<double>().ToArray();
        Assert.True(v.Count(x => x != (float)x) > v.Length * 9 / 10, "float64 values look like widened float32");
    }

    // ---- parameters that require grad ----

    [Theory, MemberData(nameof(MatrixSchemeNames))]
    public void ParameterStaysALeafThatRequiresGrad(string scheme)
    {
        using var p = nn.Parameter(empty(8, 4));
        var returned = Apply(scheme, p, Seed);
        AssertStillATrainableLeaf(p, returned);
    }

    [Fact]
    public void ParameterStaysALeafThatRequiresGradDirac()
    {
        using var p = nn.Parameter(empty(8, 4, 3));
        AssertStillATrainableLeaf(p, Dirac.Apply(p));
    }

    static void AssertStillATrainableLeaf(TorchSharp.Modules.Parameter p, Tensor returned)
    {
        // The write ran under no_grad: an in-place op on a leaf that requires grad would otherwise throw, and a
        // recorded op would make p a non-leaf with a grad_fn. TorchSharp exposes no grad_fn; a leaf has none by
        // definition, and backward reaching p.grad directly shows the graph starts at p.
        Assert.Same(p, returned);
        Assert.True(p.is_leaf, "no longer a leaf");
        Assert.True(p.requires_grad, "requires_grad was turned off");
        Assert.Null(p.grad);
        using (var loss = (p * 3).sum()) loss.backward();
        using var grad = p.grad;
        Assert.NotNull(grad);
        using var three = full_like(p, 3);
        Assert.True(grad!.allclose(three, 0, 0), "gradient does not reach the parameter as a leaf");
    }

    // ---- views ----

    const float Sentinel = 42.5f;

    [Fact]
    public void RowBlockViewIsFilledAloneAndAsAStandaloneTensor()
    {
        using var scope = NewDisposeScope();
        var w = full(12, 4, Sentinel);
        var block = w.narrow(0, 4, 4);
        using (var g = new Generator(Seed)) block.xavier_uniform_(1.0, g);
        var standalone = empty(4, 4);
        using (var g = new Generator(Seed)) standalone.xavier_uniform_(1.0, g);

        Assert.True(w.narrow(0, 0, 4).eq(Sentinel).all().item<bool>(), "rows above the block were written");
        Assert.True(w.narrow(0, 8, 4).eq(Sentinel).all().item<bool>(), "rows below the block were written");
        Assert.True(Same(block, standalone), "the block differs from the same draw on a (4, 4) tensor");
    }

    [Fact]
    public void ColumnBlockViewIsFilledAloneAndAsAStandaloneTensor()
    {
        // A truly non-contiguous view (stride 4 between rows): the values still land in logical order.
        using var scope = NewDisposeScope();
        var w = full(12, 4, Sentinel);
        var block = w.narrow(1, 1, 2);
        Assert.False(block.is_contiguous());
        using (var g = new Generator(Seed)) block.xavier_uniform_(1.0, g);
        var standalone = empty(12, 2);
        using (var g = new Generator(Seed)) standalone.xavier_uniform_(1.0, g);

        Assert.True(w.narrow(1, 0, 1).eq(Sentinel).all().item<bool>(), "column 0 was written");
        Assert.True(w.narrow(1, 3, 1).eq(Sentinel).all().item<bool>(), "column 3 was written");
        Assert.True(Same(block, standalone), "the block differs from the same draw on a (12, 2) tensor");
    }

    [Fact]
    public void TransposedViewOrthogonal()
    {
        using var scope = NewDisposeScope();
        var w = full(6, 10, Sentinel);
        var v = w.t(); // (10, 6), non-contiguous
        using (var g = new Generator(Seed)) v.orthogonal_(1.0, g);
        var standalone = empty(10, 6);
        using (var g = new Generator(Seed)) standalone.orthogonal_(1.0, g);

        Assert.True(Same(v, standalone), "the transposed view differs from the same draw on a (10, 6) tensor");
        // 10 rows > 6 columns: the view's columns are orthonormal.
        var vd = v.to_type(ScalarType.Float64);
        double err = (vd.t().mm(vd) - eye(6, dtype: ScalarType.Float64)).abs().max().item<double>();
        Assert.True(err < 1e-5, $"max |V'V - I| = {err:G3}");
        Assert.False(w.eq(Sentinel).any().item<bool>(), "part of the storage was not written");
    }

    [Fact]
    public void TransposedViewTruncNormalIsFilledInStorageOrder()
    {
        // libtorch's uniform_ walks a tensor in memory order, so PyTorch's trunc_normal_(w.t(), generator=g) leaves w
        // holding the draw of a standalone (6, 10) tensor, and the (10, 6) view its transpose, not the draw of a
        // standalone (10, 6) tensor. The library keeps PyTorch's values (its parity promise), so that is checked.
        using var scope = NewDisposeScope();
        var w = full(6, 10, Sentinel);
        var v = w.t();
        using (var g = new Generator(Seed)) v.trunc_normal_(0, 1, -1.5, 1.5, g);
        var sameStorage = empty(6, 10);
        using (var g = new Generator(Seed)) sameStorage.trunc_normal_(0, 1, -1.5, 1.5, g);

        Assert.True(Same(w, sameStorage), "the storage under the view differs from the same draw on a (6, 10) tensor");
        Assert.True(v.ge(-1.5).all().item<bool>() && v.le(1.5).all().item<bool>(), "values outside [a, b]");
        // A contiguous target of the view's shape gets a different arrangement of the same stream.
        var logical = empty(10, 6);
        using (var g = new Generator(Seed)) logical.trunc_normal_(0, 1, -1.5, 1.5, g);
        Assert.False(Same(v, logical));
    }

    // ---- zero-element and meta tensors ----

    public static IEnumerable<object[]> ZeroElementCases() =>
        from name in MatrixSchemes.Keys
        from shape in new[] { "0,5", "3,0" }
        select new object[] { name, shape };

    [Theory, MemberData(nameof(ZeroElementCases))]
    public void ZeroElementTensorIsANoOp(string scheme, string shape)
    {
        long[] dims = shape.Split(',').Select(long.Parse).ToArray();
        using var t = empty(dims);
        var returned = Apply(scheme, t, Seed);
        Assert.Same(t, returned);
        Assert.Equal(dims, t.shape);
    }

    [Fact]
    public void ZeroElementTensorIsANoOpDirac()
    {
        using var a = empty(0, 3, 3);
        using var b = empty(4, 0, 3);
        Assert.Same(a, Dirac.Apply(a));
        Assert.Same(b, Dirac.Apply(b));
    }

    [Theory, MemberData(nameof(MatrixSchemeNames))]
    public void MetaTensorIsANoOp(string scheme)
    {
        // A meta tensor has a shape and no storage (PyTorch builds large models this way before materializing).
        using var t = empty(new long[] { 16, 12 }, device: new Device(DeviceType.META));
        var returned = Apply(scheme, t, Seed);
        Assert.Same(t, returned);
        Assert.Equal(DeviceType.META, t.device_type);
        Assert.Equal(new long[] { 16, 12 }, t.shape);
    }

    [Fact]
    public void MetaTensorIsANoOpDirac()
    {
        using var t = empty(new long[] { 8, 4, 3 }, device: new Device(DeviceType.META));
        Assert.Same(t, Dirac.Apply(t));
    }

    [Fact]
    public void ShapeErrorsStillComeFirstOnEmptyAndMetaTensors()
    {
        // The no-op is for valid tensors only: a wrong shape is reported even when nothing would be written.
        using var empty1d = empty(0);
        using var meta1d = empty(new long[] { 5 }, device: new Device(DeviceType.META));
        Assert.Throws<ArgumentException>(() => empty1d.xavier_uniform_());
        Assert.Throws<ArgumentException>(() => meta1d.kaiming_normal_());
        Assert.Throws<ArgumentException>(() => meta1d.dirac_());
    }

    // ---- CUDA (skipped without a GPU) ----

    static readonly Device Cuda = new(DeviceType.CUDA, 0);

    [CudaFact]
    public void EverySchemeRunsOnACudaTensor()
    {
        foreach (var (name, scheme) in MatrixSchemes)
        {
            using var scope = NewDisposeScope();
            var t = empty(new long[] { 16, 12 }, device: Cuda);
            using (var g = new Generator(Seed, Cuda)) scheme.Apply(t, g);
            Assert.Equal(DeviceType.CUDA, t.device_type);
            Assert.True(t.isfinite().all().item<bool>(), $"{name}: non-finite values on CUDA");
            if (!scheme.IsRandom)
            {
                var cpu = empty(16, 12);
                scheme.Apply(cpu);
                Assert.True(Same(t.cpu(), cpu), $"{name}: CUDA and CPU differ");
            }
        }
        using var d = empty(new long[] { 6, 4, 3 }, device: Cuda);
        Dirac.Apply(d);
        using var dc = empty(6, 4, 3);
        Dirac.Apply(dc);
        using var back = d.cpu();
        Assert.True(Same(back, dc), "dirac_: CUDA and CPU differ");
    }

    [CudaFact]
    public void CpuGeneratorGivesACudaTensorTheCpuValues()
    {
        // Numbers are drawn where the generator lives and copied, so one seed means the same weights on any device.
        foreach (var (name, scheme) in MatrixSchemes.Where(kv => kv.Value.IsRandom))
            foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float16 })
            {
                using var scope = NewDisposeScope();
                var onCuda = empty(new long[] { 16, 12 }, dtype, Cuda);
                var onCpu = empty(new long[] { 16, 12 }, dtype);
                using (var g = new Generator(Seed)) scheme.Apply(onCuda, g);
                using (var g = new Generator(Seed)) scheme.Apply(onCpu, g);
                Assert.Equal(DeviceType.CUDA, onCuda.device_type);
                Assert.True(Same(onCuda.cpu(), onCpu), $"{name} {dtype}: CUDA tensor with a CPU generator differs from the CPU tensor");
            }
    }

    [CudaFact]
    public void CudaGeneratorIsDeterministic()
    {
        foreach (var (name, scheme) in MatrixSchemes.Where(kv => kv.Value.IsRandom))
        {
            using var scope = NewDisposeScope();
            var a = empty(new long[] { 16, 12 }, device: Cuda);
            var b = empty(new long[] { 16, 12 }, device: Cuda);
            using (var g = new Generator(Seed, Cuda)) scheme.Apply(a, g);
            using (var g = new Generator(Seed, Cuda)) scheme.Apply(b, g);
            Assert.True(Same(a.cpu(), b.cpu()), $"{name}: same CUDA seed, different values");
        }
    }
}

/// <summary>With a Generator the global generator is neither read nor advanced: seeding it differently between two
/// calls changes nothing. Seeds the global generator, so it runs alone.</summary>
[Collection(GlobalRngCollection.Name)]
public class GeneratorIgnoresGlobalSeedTests
{
    public static IEnumerable<object[]> RandomSchemeNames => DeviceDtypeAndViewTests.RandomSchemeNames;

    [Theory, MemberData(nameof(RandomSchemeNames))]
    public void GlobalSeedDoesNotMatterWithAGenerator(string scheme)
    {
        var s = DeviceDtypeAndViewTests.MatrixSchemes[scheme];
        using var scope = NewDisposeScope();
        var a = empty(16, 12);
        var b = empty(16, 12);
        manual_seed(1);
        using (var g = new Generator(7)) s.Apply(a, g);
        manual_seed(2);
        using (var g = new Generator(7)) s.Apply(b, g);
        Assert.True(a.allclose(b, 0, 0), $"{scheme}: the global seed changed a generator-seeded draw");

        // And the converse, so this test can fail: without a generator the global seed decides.
        var c = empty(16, 12);
        var d = empty(16, 12);
        manual_seed(1);
        s.Apply(c);
        manual_seed(2);
        s.Apply(d);
        Assert.False(c.allclose(d, 0, 0), $"{scheme}: two global seeds gave the same values");
    }

    [Fact]
    public void GeneratorDoesNotAdvanceTheGlobalGenerator()
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var expected = rand(10);
        manual_seed(3);
        foreach (var s in DeviceDtypeAndViewTests.MatrixSchemes.Values)
            using (var g = new Generator(7)) s.Apply(empty(16, 12), g);
        var actual = rand(10);
        Assert.True(actual.allclose(expected, 0, 0), "a generator-seeded scheme consumed global random numbers");
    }
}
