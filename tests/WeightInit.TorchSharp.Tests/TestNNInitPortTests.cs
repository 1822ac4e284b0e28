using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;
using KS = WeightInit.Tests.Statistics.KolmogorovSmirnov;

namespace WeightInit.Tests;

/// <summary>
/// A port of PyTorch's TestNNInit (test/nn/test_init.py), case by case, plus the trunc_normal_ cases of its
/// TestNNInitDeviceType (CPU). Like the original, the schemes are called without a generator and sizes and parameters
/// come from a Random seeded with 123 in setUp (here: the constructor, which xunit runs per test), so the class
/// draws from the global generator and runs alone. ValueError becomes ArgumentException; PyTorch's warning on a
/// zero-element tensor becomes a silent no-op; test_deprecation has no counterpart (there are no un-suffixed names).
/// </summary>
[Collection(GlobalRngCollection.Name)]
public class TestNNInitPortTests
{
    readonly Random _random = new(123);

    public TestNNInitPortTests() => manual_seed(123);

    // ---- helpers, as in test_init.py ----

    static bool IsNormal(Tensor t, double mean, double std) => KS.Test(Values(t), KS.NormalCdf(mean, std)).P > 1e-4;

    static bool IsUniform(Tensor t, double a, double b) => KS.Test(Values(t), KS.UniformCdf(a, b)).P > 1e-4;

    static bool IsTruncNormal(Tensor t, double mean, double std, double a, double b) =>
        KS.Test(Values(t), KS.TruncatedNormalCdf(mean, std, a, b)).P > 1e-4;

    static double[] Values(Tensor t)
    {
        using var d = t.to_type(ScalarType.Float64).contiguous().reshape(-1);
        return d.data<double>().ToArray();
    }

    Tensor CreateRandomNdTensor(int dims, int sizeMin, int sizeMax, ScalarType dtype = ScalarType.Float32) =>
        zeros(Enumerable.Range(0, dims).Select(_ => (long)_random.Next(sizeMin, sizeMax + 1)).ToArray(), dtype);

    double RandomFloat(double a, double b) => (b - a) * _random.NextDouble() + a;

    static (long FanIn, long FanOut) FansOf(Tensor t)
    {
        long fanIn = t.shape[1], fanOut = t.shape[0];
        if (t.dim() > 2)
        {
            long receptive = t.shape.Skip(2).Aggregate(1L, (p, s) => p * s);
            fanIn *= receptive;
            fanOut *= receptive;
        }
        return (fanIn, fanOut);
    }

    // ---- calculate_gain ----

    [Fact]
    public void CalculateGainLinear()
    {
        foreach (var fn in new[] { "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d" })
            Assert.Equal(1.0, TensorInitExtensions.calculate_gain(fn));
    }

    [Fact]
    public void CalculateGainNonlinear()
    {
        Assert.Equal(1.0, TensorInitExtensions.calculate_gain("sigmoid"));
        Assert.Equal(1.6666666666666667, TensorInitExtensions.calculate_gain("tanh"));
        Assert.Equal(1.4142135623730951, TensorInitExtensions.calculate_gain("relu"));
        Assert.Equal(1.4141428569978354, TensorInitExtensions.calculate_gain("leaky_relu")); // sqrt(2 / (1 + 0.01²))
        Assert.Equal(0.75, TensorInitExtensions.calculate_gain("selu"));
    }

    [Fact]
    public void CalculateGainLeakyRelu()
    {
        Assert.Equal(1.4141428569978354, TensorInitExtensions.calculate_gain("leaky_relu", null)); // default slope 0.01
        Assert.Equal(1.4142135623730951, TensorInitExtensions.calculate_gain("leaky_relu", 0));    // no slope = relu
        Assert.Equal(1.4141428569978354, TensorInitExtensions.calculate_gain("leaky_relu", 0.01));
        Assert.Equal(0.14071950894605836, TensorInitExtensions.calculate_gain("leaky_relu", 10));
        Assert.Equal(0.14071950894605836, TensorInitExtensions.calculate_gain("leaky_relu", 10.0));
        Assert.Equal(Math.Sqrt(2.0 / (1 + 0.2 * 0.2)), TensorInitExtensions.calculate_gain("leaky_relu", 0.2f), 7);
    }

    [Fact]
    public void CalculateGainLeakyReluOnlyAcceptsNumbers()
    {
        var e = Assert.Throws<ArgumentException>(() => TensorInitExtensions.calculate_gain("leaky_relu", true));
        Assert.StartsWith("negative_slope True not a valid number", e.Message);
        Assert.Throws<ArgumentException>(() => TensorInitExtensions.calculate_gain("leaky_relu", new[] { 1 }));
        Assert.Throws<ArgumentException>(() => TensorInitExtensions.calculate_gain("leaky_relu", new Dictionary<string, string> { ["a"] = "b" }));
        Assert.Throws<ArgumentException>(() => TensorInitExtensions.calculate_gain("leaky_relu", "0.1"));
    }

    [Fact]
    public void CalculateGainOnlyAcceptsValidNonlinearities()
    {
        foreach (int n in new[] { 2, 5, 25 })
        {
            string randomString = new(Enumerable.Range(0, n).Select(_ => (char)('a' + _random.Next(26))).ToArray());
            Assert.Throws<ArgumentException>(() => TensorInitExtensions.calculate_gain(randomString));
        }
        Assert.Throws<ArgumentException>(() => TensorInitExtensions.calculate_gain("ReLU")); // names are case-sensitive
    }

    // ---- uniform_, normal_, trunc_normal_ ----

    [Fact]
    public void Uniform()
    {
        foreach (int dims in new[] { 1, 2, 4 })
        {
            using var input = CreateRandomNdTensor(dims, 30, 50);
            double a = RandomFloat(-3, 3), b = a + RandomFloat(1, 5);
            input.uniform_(a, b);
            Assert.True(IsUniform(input, a, b), $"uniform_({a}, {b}) on {dims}-D");
        }
    }

    [Fact]
    public void Normal()
    {
        foreach (int dims in new[] { 1, 2, 4 })
        {
            using var input = CreateRandomNdTensor(dims, 30, 50);
            double mean = RandomFloat(-3, 3), std = RandomFloat(1, 5);
            input.normal_(mean, std);
            Assert.True(IsNormal(input, mean, std), $"normal_({mean}, {std}) on {dims}-D");
        }
    }

    [Fact]
    public void TruncNormalGenerator()
    {
        // A Generator seeded 42 gives what the global generator seeded 42 gives.
        using var gen = new Generator(42);
        using var input = empty(5);
        input.trunc_normal_(generator: gen);
        using var reference = empty(5);
        manual_seed(42);
        reference.trunc_normal_();
        Assert.True(input.allclose(reference, 0, 0)); // exact
        // PyTorch checks these 5 values against truncnorm(0, 1) on [0, 1], which only passes for lack of power with
        // 5 samples; they are drawn on the default [-2, 2], so that is what is checked here.
        Assert.True(IsTruncNormal(input, 0, 1, -2, 2));
        Assert.True(Values(input).All(v => v is >= -2 and <= 2));
    }

    [Theory]
    [InlineData(1, ScalarType.Float32)]
    [InlineData(2, ScalarType.Float32)]
    [InlineData(4, ScalarType.Float32)]
    [InlineData(1, ScalarType.Float64)]
    [InlineData(2, ScalarType.Float64)]
    [InlineData(4, ScalarType.Float64)]
    public void TruncNormalAllDtypes(int dims, ScalarType dtype)
    {
        // TestNNInitDeviceType.test_trunc_normal_all_dtypes; 4-D sizes kept to 8-12 (PyTorch: 30-50, up to 6M values).
        using var input = CreateRandomNdTensor(dims, dims == 4 ? 8 : 30, dims == 4 ? 12 : 50, dtype);
        double mean = RandomFloat(-3, 3), std = RandomFloat(0.01, 1);
        double a = RandomFloat(mean - 2 * std, mean), b = RandomFloat(mean, mean + 2 * std);
        input.trunc_normal_(mean, std, a, b);
        // Bounds at tensor precision: clamp_ rounds a and b to the dtype.
        double lo = dtype == ScalarType.Float32 ? (float)a : a, hi = dtype == ScalarType.Float32 ? (float)b : b;
        double[] x = Values(input);
        Assert.True(x.Min() >= lo, $"{dtype}: values below a={a}");
        Assert.True(x.Max() <= hi, $"{dtype}: values above b={b}");
        Assert.True(IsTruncNormal(input, mean, std, a, b), $"{dtype}: failed KS against truncated normal");
    }

    [Theory]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    public void TruncNormalLowPrecision(ScalarType dtype)
    {
        using var t = empty(10000, dtype);
        t.trunc_normal_(0, 1, -2, 2);
        double[] x = Values(t);
        Assert.True(x.Min() >= -2 && x.Max() <= 2, $"{dtype}: values outside [-2, 2]");
        Assert.True(KS.Test(x, KS.TruncatedNormalCdf(0, 1, -2, 2)).P > 1e-4, $"{dtype}: failed KS against truncated normal");
    }

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.Float16)] // bf16 excluded as in PyTorch: 65 values in [2, 3] make the CDF visibly stepped
    public void TruncNormalNarrowInterval(ScalarType dtype)
    {
        using var t = empty(10000, dtype);
        t.trunc_normal_(0, 1, 2, 3);
        double[] x = Values(t);
        Assert.True(x.Min() >= 2 && x.Max() <= 3, $"{dtype}: values outside [2, 3]");
        Assert.True(KS.Test(x, KS.TruncatedNormalCdf(0, 1, 2, 3)).P > 1e-4, $"{dtype}: failed KS against truncated normal");
    }

    [Theory]
    [InlineData(ScalarType.Float32, 5000)]
    [InlineData(ScalarType.Float64, 5000)]
    [InlineData(ScalarType.Float16, 3000)]
    [InlineData(ScalarType.BFloat16, 1000)]
    public void TruncNormalUniqueValues(ScalarType dtype, int minUnique)
    {
        // Enough distinct values: a low-precision erfinv would collapse the draws onto few values.
        using var t = empty(10000, dtype);
        t.trunc_normal_(0, 1, -2, 2);
        double[] x = Values(t);
        Assert.True(x.Min() >= -2 && x.Max() <= 2);
        Assert.True(x.All(double.IsFinite), $"{dtype}: inf or nan");
        int unique = x.Distinct().Count();
        Assert.True(unique > minUnique, $"{dtype}: only {unique} unique values, expected > {minUnique}");
    }

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.BFloat16)]
    public void TruncNormalNoBoundaryValuesSmallStd(ScalarType dtype)
    {
        // With std 0.1 the bounds ±2 are 20 std away: nothing may be rounded onto them.
        using var t = empty(10000, dtype);
        t.trunc_normal_(0, 0.1, -2, 2);
        double[] x = Values(t);
        Assert.Equal(0, x.Count(v => v == -2.0));
        Assert.Equal(0, x.Count(v => v == 2.0));
    }

    // ---- constant_, ones_, zeros_, eye_ ----

    [Fact]
    public void Constant()
    {
        foreach (int dims in new[] { 1, 2, 4 })
        {
            using var input = CreateRandomNdTensor(dims, 1, 5);
            double val = RandomFloat(1, 10);
            input.constant_(val);
            using var expected = input.clone().fill_(val);
            Assert.True(input.allclose(expected, 0, 0), $"constant_({val}) on {dims}-D");
        }
    }

    [Fact]
    public void OnesAndZeros()
    {
        foreach (var (fill, val) in new (Func<Tensor, Tensor>, double)[] { (t => t.ones_(), 1), (t => t.zeros_(), 0) })
            foreach (int dims in new[] { 1, 2, 4 })
            {
                using var input = CreateRandomNdTensor(dims, 1, 5);
                input.fill_(0.5); // so zeros_ has something to overwrite
                fill(input);
                using var expected = input.clone().fill_(val);
                Assert.True(input.allclose(expected, 0, 0), $"{(val == 1 ? "ones_" : "zeros_")} on {dims}-D");
            }
    }

    [Fact]
    public void Eye()
    {
        using var input = CreateRandomNdTensor(2, 1, 5);
        input.fill_(7);
        input.eye_();
        var v = input.data<float>().ToArray();
        long rows = input.shape[0], cols = input.shape[1];
        for (long i = 0; i < rows; i++)
            for (long j = 0; j < cols; j++)
                Assert.True(v[i * cols + j] == (i == j ? 1 : 0), $"[{i}][{j}] = {v[i * cols + j]}");
    }

    [Fact]
    public void EyeOnlyWorksOn2dInputs()
    {
        foreach (int dims in new[] { 1, 3 })
        {
            using var tensor = CreateRandomNdTensor(dims, 1, 3);
            Assert.Throws<ArgumentException>(() => tensor.eye_());
        }
    }

    // ---- dirac_ ----

    [Fact]
    public void DiracProperties()
    {
        foreach (int dims in new[] { 3, 4, 5 })
            foreach (int groups in new[] { 1, 2, 3 })
            {
                // Random sizes whose first dim divides by groups; b may exceed or fall short of a.
                long a = _random.Next(1, 6), c = _random.Next(1, 6), d = _random.Next(1, 6), e = _random.Next(1, 6);
                long b = _random.Next(1, 5 * groups + 1);
                using var input = randn(new[] { a * groups, b, c, d, e }.Take(dims).ToArray());
                input.dirac_(groups);

                long cOut = input.shape[0] / groups, cIn = input.shape[1], minD = Math.Min(cOut, cIn);
                string what = $"dirac_({groups}) on ({string.Join(", ", input.shape)})";
                using var nz = torch.nonzero(input);
                Assert.True(nz.shape[0] == minD * groups, $"{what}: {nz.shape[0]} non-zeros, expected {minD * groups}");
                Assert.True(input.sum().item<float>() == minD * groups, $"{what}: sum");
                // And the ones sit where PyTorch puts them: [g·cOut + i, i, centre...].
                for (long g = 0; g < groups; g++)
                    for (long i = 0; i < minD; i++)
                    {
                        var at = new[] { g * cOut + i, i }.Concat(input.shape.Skip(2).Select(s => s / 2)).ToArray();
                        Assert.Equal(1f, input[at.Select(x => TensorIndex.Single(x)).ToArray()].item<float>());
                    }
            }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void DiracIdentity(int groups)
    {
        // A dirac weight passes each input channel through once per group; the extra outputs are zero.
        const int batch = 8, inC = 3, outC = 9, size = 5, kernel = 3;
        int effOutC = outC / groups;
        for (int spatial = 1; spatial <= 3; spatial++)
        {
            using var scope = NewDisposeScope();
            var input = randn(new long[] { batch, inC }.Concat(Enumerable.Repeat((long)size, spatial)).ToArray());
            var filter = cat(Enumerable.Repeat(zeros(new long[] { effOutC, inC }.Concat(Enumerable.Repeat((long)kernel, spatial)).ToArray()), groups).ToList(), 0);
            filter.dirac_(groups);
            var output = Conv(spatial, input, filter, 1);
            var inner = input; // the input without its border: a 3-tap kernel without padding drops one on each side
            for (int k = 0; k < spatial; k++) inner = inner.narrow(2 + k, 1, size - 2);
            for (int g = 0; g < groups; g++)
            {
                var passed = output.narrow(1, effOutC * g, inC);
                Assert.True(inner.allclose(passed, rtol: 0, atol: 1e-6), $"{spatial}-D, group {g}: input channels not preserved");
                if (effOutC > inC)
                {
                    var extra = output.narrow(1, effOutC * g + inC, effOutC - inC);
                    Assert.Equal(0, nonzero(extra).shape[0]);
                }
            }
        }
    }

    [Theory]
    [InlineData(1, 3)]
    [InlineData(2, 6)]
    [InlineData(3, 6)]
    public void DiracIdentityThroughAGroupedConvolution(int spatial, int groups)
    {
        // Beyond PyTorch's test: with conv(groups=g) and a (C, C/g, k...) weight initialized by dirac_(g), every
        // output channel is its input channel.
        const int channels = 6, size = 7, kernel = 3;
        using var scope = NewDisposeScope();
        var input = randn(new long[] { 2, channels }.Concat(Enumerable.Repeat((long)size, spatial)).ToArray());
        var filter = empty(new long[] { channels, channels / groups }.Concat(Enumerable.Repeat((long)kernel, spatial)).ToArray());
        filter.dirac_(groups);
        var output = Conv(spatial, input, filter, groups);
        var inner = input;
        for (int k = 0; k < spatial; k++) inner = inner.narrow(2 + k, 1, size - 2);
        Assert.True(inner.allclose(output, rtol: 0, atol: 1e-6));
    }

    static Tensor Conv(int spatial, Tensor input, Tensor weight, long groups) => spatial switch
    {
        1 => F.conv1d(input, weight, groups: groups),
        2 => F.conv2d(input, weight, groups: groups),
        _ => F.conv3d(input, weight, groups: groups),
    };

    [Fact]
    public void DiracOnlyWorksOn345dInputs()
    {
        foreach (int dims in new[] { 1, 2, 6 })
        {
            using var tensor = CreateRandomNdTensor(dims, 1, 3);
            Assert.Throws<ArgumentException>(() => tensor.dirac_());
        }
    }

    // ---- xavier ----

    [Fact]
    public void XavierUniformErrorsOnInputsSmallerThan2d()
    {
        foreach (int dims in new[] { 0, 1 })
        {
            using var tensor = CreateRandomNdTensor(dims, 1, 1);
            Assert.Throws<ArgumentException>(() => tensor.xavier_uniform_());
        }
    }

    [Fact]
    public void XavierNormalErrorsOnInputsSmallerThan2d()
    {
        foreach (int dims in new[] { 0, 1 })
        {
            using var tensor = CreateRandomNdTensor(dims, 1, 1);
            Assert.Throws<ArgumentException>(() => tensor.xavier_normal_());
        }
    }

    [Fact]
    public void XavierUniform()
    {
        foreach (bool useGain in new[] { true, false })
            foreach (int dims in new[] { 2, 4 })
            {
                using var input = CreateRandomNdTensor(dims, 20, 25);
                double gain = 1;
                if (useGain) { gain = RandomFloat(0.1, 2); input.xavier_uniform_(gain); }
                else input.xavier_uniform_();
                var (fanIn, fanOut) = FansOf(input);
                double bounds = gain * Math.Sqrt(2.0 / (fanIn + fanOut)) * Math.Sqrt(3);
                Assert.True(IsUniform(input, -bounds, bounds), $"xavier_uniform_(gain={gain}) on {dims}-D");
            }
    }

    [Fact]
    public void XavierNormal()
    {
        foreach (bool useGain in new[] { true, false })
            foreach (int dims in new[] { 2, 4 })
            {
                using var input = CreateRandomNdTensor(dims, 20, 25);
                double gain = 1;
                if (useGain) { gain = RandomFloat(0.1, 2); input.xavier_normal_(gain); }
                else input.xavier_normal_();
                var (fanIn, fanOut) = FansOf(input);
                double std = gain * Math.Sqrt(2.0 / (fanIn + fanOut));
                Assert.True(IsNormal(input, 0, std), $"xavier_normal_(gain={gain}) on {dims}-D");
            }
    }

    // ---- kaiming ----

    [Fact]
    public void KaimingUniformErrorsOnInputsSmallerThan2d()
    {
        foreach (int dims in new[] { 0, 1 })
        {
            using var tensor = CreateRandomNdTensor(dims, 1, 1);
            Assert.Throws<ArgumentException>(() => tensor.kaiming_uniform_());
        }
    }

    [Fact]
    public void KaimingNormalErrorsOnInputsSmallerThan2d()
    {
        foreach (int dims in new[] { 0, 1 })
        {
            using var tensor = CreateRandomNdTensor(dims, 1, 1);
            Assert.Throws<ArgumentException>(() => tensor.kaiming_normal_());
        }
    }

    [Fact]
    public void KaimingOnZeroElementTensorIsANoOp()
    {
        // PyTorch warns "Initializing zero-element tensors is a no-op"; here it is silent, and still a no-op.
        using var u = empty(0, 1);
        using var n = empty(0, 1);
        Assert.Same(u, u.kaiming_uniform_());
        Assert.Same(n, n.kaiming_normal_());
        Assert.Equal(new long[] { 0, 1 }, u.shape);
        Assert.Equal(new long[] { 0, 1 }, n.shape);
    }

    [Fact]
    public void KaimingUniform()
    {
        foreach (bool useA in new[] { true, false })
            foreach (int dims in new[] { 2, 4 })
                foreach (string mode in new[] { "fan_in", "fan_out" })
                {
                    using var input = CreateRandomNdTensor(dims, 20, 25);
                    double a = 0;
                    if (useA) { a = RandomFloat(0.1, 2); input.kaiming_uniform_(a, mode); }
                    else input.kaiming_uniform_(mode: mode);
                    var (fanIn, fanOut) = FansOf(input);
                    double n = mode == "fan_in" ? fanIn : fanOut;
                    double bounds = Math.Sqrt(2.0 / ((1 + a * a) * n)) * Math.Sqrt(3.0);
                    Assert.True(IsUniform(input, -bounds, bounds), $"kaiming_uniform_(a={a}, {mode}) on {dims}-D");
                }
    }

    [Fact]
    public void KaimingNormal()
    {
        foreach (bool useA in new[] { true, false })
            foreach (int dims in new[] { 2, 4 })
                foreach (string mode in new[] { "fan_in", "fan_out" })
                {
                    using var input = CreateRandomNdTensor(dims, 20, 25);
                    double a = 0;
                    if (useA) { a = RandomFloat(0.1, 2); input.kaiming_normal_(a, mode); }
                    else input.kaiming_normal_(mode: mode);
                    var (fanIn, fanOut) = FansOf(input);
                    double n = mode == "fan_in" ? fanIn : fanOut;
                    double std = Math.Sqrt(2.0 / ((1 + a * a) * n));
                    Assert.True(IsNormal(input, 0, std), $"kaiming_normal_(a={a}, {mode}) on {dims}-D");
                }
    }

    // ---- sparse_ ----

    [Fact]
    public void SparseOnlyWorksOn2dInputs()
    {
        foreach (int dims in new[] { 1, 3 })
        {
            double sparsity = RandomFloat(0.1, 0.9);
            using var tensor = CreateRandomNdTensor(dims, 1, 3);
            Assert.Throws<ArgumentException>(() => tensor.sparse_(sparsity));
        }
    }

    [Fact]
    public void SparseDefaultStd()
    {
        foreach (bool useRandomStd in new[] { true, false })
        {
            using var input = CreateRandomNdTensor(2, 30, 35);
            long rows = input.shape[0];
            double sparsity = RandomFloat(0.1, 0.2);
            double std = 0.01; // the default
            if (useRandomStd) { std = RandomFloat(0.01, 0.2); input.sparse_(sparsity, std); }
            else input.sparse_(sparsity);

            // Each column has (at least; exactly, barring a draw of exactly 0) ceil(sparsity · rows) zeros.
            long zerosPerColumn = (long)Math.Ceiling(sparsity * rows);
            using var columnZeros = input.eq(0).sum(new long[] { 0 }, type: ScalarType.Int64); // sum(0) would bind to sum(ScalarType.Byte)
            foreach (long z in columnZeros.data<long>().ToArray()) Assert.Equal(zerosPerColumn, z);

            using var nonZero = input.masked_select(input.ne(0));
            Assert.True(IsNormal(nonZero, 0, std), $"sparse_({sparsity}, std={std}): non-zeros not N(0, std)");
        }
    }

    // ---- orthogonal_ ----

    public static TheoryData<ScalarType, double> OrthogonalDtypes => new()
    {
        { ScalarType.Float64, 1e-12 },
        // float32 at PyTorch's own atol 1e-6 (Q^T Q entries reach gain² ≤ 4, where float32 spacing is 4.8e-7, so this
        // is already tight); float64 must hold it to 1e-12.
        { ScalarType.Float32, 1e-6 },
    };

    [Theory, MemberData(nameof(OrthogonalDtypes))]
    public void Orthogonal(ScalarType dtype, double atol)
    {
        foreach (bool useGain in new[] { true, false })
            foreach (var size in new[] { new long[] { 3, 4 }, new long[] { 4, 3 }, new long[] { 20, 2, 3, 4 }, new long[] { 2, 3, 4, 5 } })
            {
                using var scope = NewDisposeScope();
                var input = zeros(size, dtype);
                double gain = 1.0;
                if (useGain) { gain = RandomFloat(0.1, 2); input.orthogonal_(gain); }
                else input.orthogonal_();

                long rows = size[0], cols = size.Skip(1).Aggregate(1L, (p, s) => p * s);
                var flat = input.view(rows, cols);
                var product = rows > cols ? flat.t().mm(flat) : flat.mm(flat.t());
                var expected = eye(Math.Min(rows, cols), dtype: dtype) * (gain * gain);
                double err = (product - expected).abs().max().to_type(ScalarType.Float64).item<double>();
                Assert.True(err <= atol, $"orthogonal_(gain={gain}) on ({string.Join(", ", size)}) {dtype}: max |Q'Q - gain² I| = {err:G3}");
            }
    }
}
