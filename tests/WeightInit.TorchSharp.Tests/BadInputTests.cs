using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using WeightInit.Schemes;
using Xunit;
using static TorchSharp.torch;
using static WeightInit.Tests.Numerics.NumericsTestHelpers;

namespace WeightInit.Tests;

/// <summary>Every error path: an ArgumentException (or subclass) whose message names the problem, in PyTorch's words
/// where PyTorch has them, and a tensor left exactly as it was. Random schemes get their own Generator, so nothing
/// here touches the global one.</summary>
public class BadInputTests
{
    [Fact]
    public void SentinelComparisonSeesAOneElementChange()
    {
        // Guards the unchanged-tensor checks below against a comparison that is always true.
        using var a = Sentinel(new long[] { 4, 3 });
        using var b = a.clone();
        Assert.True(Same(a, b));
        b[2, 1] = tensor(100f);
        Assert.False(Same(a, b));
        using var i = Sentinel(new long[] { 4, 3 }, ScalarType.Int32);
        using var j = i.clone();
        j[0, 0] = tensor(1000);
        Assert.False(Same(i, j));
    }

    static ArgumentException Rejects(Tensor target, Action act, params string[] fragments)
    {
        using var before = target.clone();
        var e = Assert.ThrowsAny<ArgumentException>(act);
        foreach (var f in fragments) Assert.Contains(f, e.Message);
        Assert.True(Same(target, before), $"tensor changed by a rejected call ({e.Message})");
        return e;
    }

    static ArgumentException Rejects(long[] shape, ScalarType dtype, Action<Tensor> act, params string[] fragments)
    {
        using var t = Sentinel(shape, dtype);
        return Rejects(t, () => act(t), fragments);
    }

    // ---- fans -------------------------------------------------------------------------------------------------

    const string TooFewDims = "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions";

    public static IEnumerable<object[]> FanBased()
    {
        yield return new object[] { "xavier_uniform_" };
        yield return new object[] { "xavier_normal_" };
        yield return new object[] { "kaiming_uniform_" };
        yield return new object[] { "kaiming_normal_" };
        yield return new object[] { "lecun_uniform_" };
        yield return new object[] { "lecun_normal_" };
        yield return new object[] { "variance_scaling_truncated_normal" };
        yield return new object[] { "variance_scaling_normal" };
        yield return new object[] { "variance_scaling_uniform" };
    }

    static Tensor CallFanBased(string name, Tensor t, Generator g) => name switch
    {
        "xavier_uniform_" => t.xavier_uniform_(generator: g),
        "xavier_normal_" => t.xavier_normal_(generator: g),
        "kaiming_uniform_" => t.kaiming_uniform_(generator: g),
        "kaiming_normal_" => t.kaiming_normal_(generator: g),
        "lecun_uniform_" => t.lecun_uniform_(g),
        "lecun_normal_" => t.lecun_normal_(g),
        "variance_scaling_truncated_normal" => t.variance_scaling_(distribution: "truncated_normal", generator: g),
        "variance_scaling_normal" => t.variance_scaling_(distribution: "normal", generator: g),
        "variance_scaling_uniform" => t.variance_scaling_(distribution: "uniform", generator: g),
        _ => throw new InvalidOperationException(name),
    };

    [Theory]
    [MemberData(nameof(FanBased))]
    public void FanBasedSchemesRejectFewerThanTwoDims(string name)
    {
        using var g = new Generator(1);
        foreach (var shape in new[] { Array.Empty<long>(), new long[] { 5 }, new long[] { 0 } })
            Rejects(shape, ScalarType.Float32, t => CallFanBased(name, t, g), TooFewDims);
    }

    [Fact]
    public void FansComputeRejectsFewerThanTwoDims()
    {
        Assert.Contains(TooFewDims, Assert.ThrowsAny<ArgumentException>(() => Fans.Compute(new long[] { 3 })).Message);
        Assert.Contains(TooFewDims, Assert.ThrowsAny<ArgumentException>(() => Fans.Compute(Array.Empty<long>())).Message);
    }

    // ---- mode, nonlinearity, distribution ------------------------------------------------------------------------

    [Fact]
    public void KaimingRejectsUnknownModeWithPyTorchsMessage()
    {
        using var g = new Generator(1);
        const string msg = "Mode fan_foo not supported, please use one of ['fan_in', 'fan_out']";
        Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => t.kaiming_uniform_(mode: "fan_foo", generator: g), msg);
        Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => t.kaiming_normal_(mode: "fan_foo", generator: g), msg);
        // kaiming knows only PyTorch's two modes, even though variance_scaling_ has four.
        Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => t.kaiming_normal_(mode: "fan_avg", generator: g),
            "Mode fan_avg not supported, please use one of ['fan_in', 'fan_out']");
    }

    [Fact]
    public void KaimingRejectsUnknownNonlinearity()
    {
        using var g = new Generator(1);
        Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => t.kaiming_uniform_(nonlinearity: "foo", generator: g), "Unsupported nonlinearity foo");
        // Case-sensitive, as in PyTorch.
        Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => t.kaiming_normal_(nonlinearity: "ReLU", generator: g), "Unsupported nonlinearity ReLU");
        Assert.ThrowsAny<ArgumentException>(() => InitScheme.KaimingNormal(nonlinearity: null!));
        Assert.ThrowsAny<ArgumentException>(() => InitScheme.KaimingNormal(mode: null!));
    }

    [Fact]
    public void VarianceScalingRejectsUnknownModeAndDistribution()
    {
        using var g = new Generator(1);
        Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => t.variance_scaling_(mode: "fan_foo", generator: g),
            "Mode fan_foo not supported, please use one of ['fan_in', 'fan_out', 'fan_avg', 'fan_geo_avg']");
        Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => t.variance_scaling_(distribution: "cauchy", generator: g),
            "Distribution cauchy not supported", "'truncated_normal', 'normal', 'uniform'");
    }

    [Fact]
    public void SchemesThatHaveNoTruncatedNormalSayWhereToFindIt()
    {
        Assert.Contains("variance_scaling_", Assert.ThrowsAny<ArgumentException>(() => new XavierScheme(1, Distribution.TruncatedNormal)).Message);
        Assert.Contains("variance_scaling_", Assert.ThrowsAny<ArgumentException>(() => new KaimingScheme(distribution: Distribution.TruncatedNormal)).Message);
        Assert.Contains("variance_scaling_", Assert.ThrowsAny<ArgumentException>(() => new LecunScheme(Distribution.TruncatedNormal)).Message);
    }

    [Fact]
    public void CalculateGainRejectsUnknownNonlinearity()
    {
        Assert.Contains("Unsupported nonlinearity foo", Assert.ThrowsAny<ArgumentException>(() => TensorInitExtensions.calculate_gain("foo")).Message);
        Assert.ThrowsAny<ArgumentException>(() => TensorInitExtensions.calculate_gain(null!));
    }

    [Fact]
    public void CalculateGainRejectsNonNumericLeakyReluSlope()
    {
        Assert.Contains("negative_slope True not a valid number",
            Assert.ThrowsAny<ArgumentException>(() => TensorInitExtensions.calculate_gain("leaky_relu", true)).Message);
        Assert.Contains("negative_slope False not a valid number",
            Assert.ThrowsAny<ArgumentException>(() => TensorInitExtensions.calculate_gain("leaky_relu", false)).Message);
        Assert.Contains("negative_slope 0.2 not a valid number",
            Assert.ThrowsAny<ArgumentException>(() => TensorInitExtensions.calculate_gain("leaky_relu", "0.2")).Message);
        // The accepted forms still work: int and float slopes.
        Assert.Equal(Math.Sqrt(2.0 / 2), TensorInitExtensions.calculate_gain("leaky_relu", 1));
        Assert.Equal(Math.Sqrt(2.0 / (1 + 0.2 * 0.2)), TensorInitExtensions.calculate_gain("leaky_relu", 0.2));
    }

    // ---- shapes of the structured schemes -------------------------------------------------------------------------

    [Fact]
    public void DiracRejectsOtherThan3To5Dims()
    {
        const string msg = "Only tensors with 3, 4, or 5 dimensions are supported";
        foreach (var shape in new[] { new long[] { 4, 4 }, new long[] { 2, 2, 1, 1, 1, 1 }, new long[] { 3 } })
            Rejects(shape, ScalarType.Float32, t => t.dirac_(), msg);
    }

    [Fact]
    public void DiracRejectsGroupsThatDoNotDivideDim0()
    {
        Rejects(new long[] { 6, 2, 3 }, ScalarType.Float32, t => t.dirac_(4), "dim 0 must be divisible by groups");
        Rejects(new long[] { 5, 5, 3, 3 }, ScalarType.Float32, t => t.dirac_(2), "dim 0 must be divisible by groups");
    }

    [Fact]
    public void DiracRejectsGroupsBelowOne()
    {
        Rejects(new long[] { 4, 2, 3 }, ScalarType.Float32, t => t.dirac_(0), "groups", "0");
        Rejects(new long[] { 4, 2, 3 }, ScalarType.Float32, t => t.dirac_(-2), "groups", "-2");
    }

    [Fact]
    public void EyeAndSparseRejectOtherThan2Dims()
    {
        using var g = new Generator(1);
        const string msg = "Only tensors with 2 dimensions are supported";
        foreach (var shape in new[] { new long[] { 4 }, new long[] { 2, 3, 4 } })
        {
            Rejects(shape, ScalarType.Float32, t => t.eye_(), msg);
            Rejects(shape, ScalarType.Float32, t => t.sparse_(0.5, generator: g), msg);
        }
    }

    [Fact]
    public void OrthogonalRejectsFewerThan2Dims()
    {
        using var g = new Generator(1);
        const string msg = "Only tensors with 2 or more dimensions are supported";
        Rejects(new long[] { 6 }, ScalarType.Float32, t => t.orthogonal_(generator: g), msg);
        Rejects(Array.Empty<long>(), ScalarType.Float32, t => t.orthogonal_(generator: g), msg);
    }

    // ---- dtypes ---------------------------------------------------------------------------------------------------

    public static IEnumerable<object[]> RandomSchemesAndNonFloatDtypes()
    {
        var dtypes = new[] { ScalarType.Int8, ScalarType.Byte, ScalarType.Int16, ScalarType.Int32, ScalarType.Int64, ScalarType.Bool };
        foreach (var name in RandomSchemeNames)
            foreach (var d in dtypes)
                yield return new object[] { name, d };
    }

    static readonly string[] RandomSchemeNames =
    {
        "uniform_", "normal_", "trunc_normal_", "xavier_uniform_", "xavier_normal_", "kaiming_uniform_", "kaiming_normal_",
        "lecun_uniform_", "lecun_normal_", "variance_scaling_", "orthogonal_", "sparse_",
    };

    static Tensor CallRandom(string name, Tensor t, Generator g) => name switch
    {
        "uniform_" => InitScheme.Uniform().Apply(t, g),
        "normal_" => InitScheme.Normal().Apply(t, g),
        "trunc_normal_" => t.trunc_normal_(generator: g),
        "xavier_uniform_" => t.xavier_uniform_(generator: g),
        "xavier_normal_" => t.xavier_normal_(generator: g),
        "kaiming_uniform_" => t.kaiming_uniform_(generator: g),
        "kaiming_normal_" => t.kaiming_normal_(generator: g),
        "lecun_uniform_" => t.lecun_uniform_(g),
        "lecun_normal_" => t.lecun_normal_(g),
        "variance_scaling_" => t.variance_scaling_(generator: g),
        "orthogonal_" => t.orthogonal_(generator: g),
        "sparse_" => t.sparse_(0.5, generator: g),
        _ => throw new InvalidOperationException(name),
    };

    [Fact]
    public void RandomSchemeListCoversEveryRandomSchemeInTheCatalog()
    {
        // So a new random scheme cannot slip past the dtype test below.
        var random = InitScheme.Descriptors.Select(d => d.Name).Where(n => n is not ("constant_" or "ones_" or "zeros_" or "eye_" or "dirac_"));
        Assert.Equal(random.OrderBy(n => n), RandomSchemeNames.OrderBy(n => n));
    }

    [Theory]
    [MemberData(nameof(RandomSchemesAndNonFloatDtypes))]
    public void RandomSchemesRejectIntegerAndBoolTensors(string name, ScalarType dtype)
    {
        using var g = new Generator(1);
        Rejects(new long[] { 4, 3 }, dtype, t => CallRandom(name, t, g), name, "floating-point", dtype.ToString());
    }

    [Fact]
    public void DeterministicSchemesWorkOnIntegerAndBoolTensorsAsInPyTorch()
    {
        using (var t = Sentinel(new long[] { 2, 3 }, ScalarType.Int64))
        using (var expected = full(new long[] { 2, 3 }, 7L, ScalarType.Int64))
            Assert.True(Same(t.constant_(7), expected));
        using (var t = Sentinel(new long[] { 2, 3 }, ScalarType.Byte))
        using (var expected = zeros(new long[] { 2, 3 }, ScalarType.Byte))
            Assert.True(Same(t.zeros_(), expected));
        using (var t = Sentinel(new long[] { 2, 3 }, ScalarType.Int32))
        using (var expected = ones(new long[] { 2, 3 }, ScalarType.Int32))
            Assert.True(Same(t.ones_(), expected));
        using (var t = Sentinel(new long[] { 2, 3 }, ScalarType.Bool))
        using (var expected = ones(new long[] { 2, 3 }, ScalarType.Bool))
            Assert.True(Same(t.ones_(), expected));
        using (var t = Sentinel(new long[] { 3, 4 }, ScalarType.Int32))
        using (var expected = eye(3, 4, ScalarType.Int32))
            Assert.True(Same(t.eye_(), expected));
        using (var t = Sentinel(new long[] { 4, 2, 3 }, ScalarType.Int16))
        {
            t.dirac_(2);
            // Group g, channel d: a single 1 at [g*2 + d, d, 1]; everything else 0.
            var v = t.data<short>().ToArray();
            var ones = Enumerable.Range(0, v.Length).Where(i => v[i] != 0).ToArray();
            Assert.Equal(new[] { 0 * 6 + 0 * 3 + 1, 1 * 6 + 1 * 3 + 1, 2 * 6 + 0 * 3 + 1, 3 * 6 + 1 * 3 + 1 }, ones);
            Assert.All(ones, i => Assert.Equal(1, v[i]));
        }
    }

    // ---- numeric arguments ----------------------------------------------------------------------------------------

    static readonly double[] NonFinite = { double.NaN, double.PositiveInfinity, double.NegativeInfinity };

    [Fact]
    public void StdMustBeFiniteAndNonNegative()
    {
        using var g = new Generator(1);
        foreach (var bad in NonFinite)
        {
            Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => InitScheme.Normal(std: bad).Apply(t, g), "std", "finite");
            Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => InitScheme.Normal(mean: bad).Apply(t, g), "mean", "finite");
            Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => t.trunc_normal_(std: bad, generator: g), "std", "finite");
            Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => t.trunc_normal_(mean: bad, generator: g), "mean", "finite");
            Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => t.sparse_(0.5, std: bad, generator: g), "std", "finite");
        }
        Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => InitScheme.Normal(std: -1).Apply(t, g), "std must be >= 0", "-1");
        Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => t.sparse_(0.5, std: -0.5, generator: g), "std must be >= 0", "-0.5");
    }

    [Fact]
    public void TruncNormalStdMustBePositive()
    {
        using var g = new Generator(1);
        Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => t.trunc_normal_(std: 0, generator: g), "std must be > 0", "0");
        Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => t.trunc_normal_(std: -0.1, generator: g), "std must be > 0", "-0.1");
    }

    [Fact]
    public void TruncNormalBoundsMustBeFiniteAndOrdered()
    {
        using var g = new Generator(1);
        Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => t.trunc_normal_(a: 1, b: 1, generator: g), "a < b", "a=1", "b=1");
        Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => t.trunc_normal_(a: 1, b: -1, generator: g), "a < b", "a=1", "b=-1");
        foreach (var bad in NonFinite)
        {
            Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => t.trunc_normal_(a: bad, generator: g), "a", "finite");
            Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => t.trunc_normal_(b: bad, generator: g), "b", "finite");
        }
    }

    [Fact]
    public void UniformBoundsMustBeFiniteAndOrdered()
    {
        using var g = new Generator(1);
        Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => InitScheme.Uniform(2, 1).Apply(t, g),
            "uniform_ expects to return a [from, to) range, but found from=2 > to=1");
        foreach (var bad in NonFinite)
        {
            Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => InitScheme.Uniform(a: bad).Apply(t, g), "a", "finite");
            Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => InitScheme.Uniform(b: bad).Apply(t, g), "b", "finite");
        }
    }

    [Fact]
    public void GainMustBeFiniteAndNonNegative()
    {
        using var g = new Generator(1);
        foreach (var bad in NonFinite.Append(-1.0))
        {
            string expect = double.IsFinite(bad) ? "gain must be >= 0" : "gain must be a finite number";
            Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => t.xavier_uniform_(bad, g), expect);
            Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => t.xavier_normal_(bad, g), expect);
            Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => t.orthogonal_(bad, g), expect);
        }
    }

    [Fact]
    public void KaimingSlopeAndVarianceScalingScaleMustBeFinite()
    {
        using var g = new Generator(1);
        foreach (var bad in NonFinite)
        {
            Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => t.kaiming_uniform_(a: bad, generator: g), "a must be a finite number");
            Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => t.kaiming_normal_(a: bad, generator: g), "a must be a finite number");
            Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => t.variance_scaling_(scale: bad, generator: g), "scale must be a finite number");
        }
        Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => t.variance_scaling_(scale: 0, generator: g), "scale must be > 0");
        Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => t.variance_scaling_(scale: -2, generator: g), "scale must be > 0", "-2");
    }

    [Fact]
    public void ConstantValMustBeFinite()
    {
        // A deliberate difference from PyTorch, whose constant_ would fill NaN or inf without complaint.
        foreach (var bad in NonFinite)
            Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => t.constant_(bad), "val must be a finite number");
    }

    [Fact]
    public void SparsityMustBeInZeroOne()
    {
        using var g = new Generator(1);
        foreach (var bad in new[] { -0.1, 1.0000001, 2, -1e-300 })
            Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => t.sparse_(bad, generator: g), "sparsity must be in [0, 1]");
        foreach (var bad in NonFinite)
            Rejects(new long[] { 4, 3 }, ScalarType.Float32, t => t.sparse_(bad, generator: g), "sparsity must be a finite number");
    }

    // ---- disposed and null tensors --------------------------------------------------------------------------------

    public static IEnumerable<object[]> EveryScheme() => InitScheme.Descriptors.Select(d => new object[] { d.Name });

    static InitScheme WithRequiredArgs(string name) => InitScheme.Parse(name switch
    {
        "sparse_" => "sparse_(0.5)",
        "constant_" => "constant_(2)",
        _ => name,
    });

    [Theory]
    [MemberData(nameof(EveryScheme))]
    public void EverySchemeRejectsADisposedTensor(string name)
    {
        var scheme = WithRequiredArgs(name);
        using var g = new Generator(1);
        var t = Sentinel(name == "dirac_" ? new long[] { 2, 2, 3 } : new long[] { 4, 3 });
        t.Dispose();
        var e = Assert.ThrowsAny<ArgumentException>(() => scheme.Apply(t, g));
        Assert.Contains("disposed", e.Message);
    }

    [Fact]
    public void ExtensionMethodsRejectADisposedTensor()
    {
        var t = Sentinel(new long[] { 4, 3 });
        t.Dispose();
        Assert.Contains("disposed", Assert.ThrowsAny<ArgumentException>(() => t.zeros_()).Message);
        Assert.Contains("disposed", Assert.ThrowsAny<ArgumentException>(() => t.xavier_uniform_()).Message);
    }

    [Theory]
    [MemberData(nameof(EveryScheme))]
    public void EverySchemeRejectsANullTensor(string name) =>
        Assert.Throws<ArgumentNullException>(() => WithRequiredArgs(name).Apply(null!));
}
