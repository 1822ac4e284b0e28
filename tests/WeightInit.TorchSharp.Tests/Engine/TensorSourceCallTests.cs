using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using WeightInit.Sampling;
using WeightInit.Engine;
using WeightInit.Schemes;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Engine;

/// <summary>The torch.nn.init calls with a RandomSource (<c>w.kaiming_normal_(engine.Stream("w"))</c>): each gives the
/// scheme's values from that stream, the Generator call's values from a torch source, and the Generator call's errors.</summary>
public class TensorSourceCallTests
{
    /// <summary>Each call beside the scheme it must equal.</summary>
    static IEnumerable<(string Name, Func<Tensor, RandomSource, Tensor> Call, InitScheme Scheme, Func<Tensor, Generator, Tensor> ByGenerator)> Calls()
    {
        yield return ("uniform_", (t, s) => t.uniform_(s, -0.5, 2), new UniformScheme(-0.5, 2), (t, g) => t.uniform_(-0.5, 2, g));
        yield return ("normal_", (t, s) => t.normal_(s, 0.1, 3), new NormalScheme(0.1, 3), (t, g) => t.normal_(0.1, 3, g));
        yield return ("trunc_normal_", (t, s) => t.trunc_normal_(s, 0, 0.02), new TruncNormalScheme(0, 0.02, -2, 2), (t, g) => t.trunc_normal_(0, 0.02, generator: g));
        yield return ("xavier_uniform_", (t, s) => t.xavier_uniform_(s, 1.5), new XavierScheme(1.5, Distribution.Uniform), (t, g) => t.xavier_uniform_(1.5, g));
        yield return ("xavier_normal_", (t, s) => t.xavier_normal_(s), new XavierScheme(1.0, Distribution.Normal), (t, g) => t.xavier_normal_(generator: g));
        yield return ("kaiming_uniform_", (t, s) => t.kaiming_uniform_(s, a: Math.Sqrt(5)), new KaimingScheme(Math.Sqrt(5), "fan_in", "leaky_relu", Distribution.Uniform), (t, g) => t.kaiming_uniform_(Math.Sqrt(5), generator: g));
        yield return ("kaiming_normal_", (t, s) => t.kaiming_normal_(s, mode: "fan_out", nonlinearity: "relu"), new KaimingScheme(0, "fan_out", "relu", Distribution.Normal), (t, g) => t.kaiming_normal_(mode: "fan_out", nonlinearity: "relu", generator: g));
        yield return ("lecun_uniform_", (t, s) => t.lecun_uniform_(s), new LecunScheme(Distribution.Uniform), (t, g) => t.lecun_uniform_(g));
        yield return ("lecun_normal_", (t, s) => t.lecun_normal_(s), new LecunScheme(Distribution.Normal), (t, g) => t.lecun_normal_(g));
        yield return ("variance_scaling_", (t, s) => t.variance_scaling_(s, 2.0, "fan_avg", "uniform"), new VarianceScalingScheme(2.0, "fan_avg", "uniform"), (t, g) => t.variance_scaling_(2.0, "fan_avg", "uniform", g));
        yield return ("orthogonal_", (t, s) => t.orthogonal_(s, 0.5), new OrthogonalScheme(0.5), (t, g) => t.orthogonal_(0.5, g));
        yield return ("sparse_", (t, s) => t.sparse_(s, 0.3), new SparseScheme(0.3, 0.01), (t, g) => t.sparse_(0.3, generator: g));
    }

    static float[] Values(Tensor t) => t.data<float>().ToArray();

    [Fact]
    public void CounterStreamGivesTheSchemesValues()
    {
        var engine = InitEngine.Counter(11);
        foreach (var (name, call, scheme, _) in Calls())
        {
            using var scope = NewDisposeScope();
            var byCall = empty(24, 40);
            var byScheme = empty(24, 40);
            Assert.Same(byCall, call(byCall, engine.Stream("w")));
            scheme.Apply(byScheme, engine.Stream("w"));
            Assert.True(Values(byCall).SequenceEqual(Values(byScheme)), $"{name}: the call and the scheme differ");
            var other = empty(24, 40);
            call(other, engine.Stream("v"));
            Assert.False(Values(byCall).SequenceEqual(Values(other)), $"{name}: another stream gave the same values");
        }
    }

    [Fact]
    public void TorchSourceGivesTheGeneratorCallsValues()
    {
        foreach (var (name, call, _, byGenerator) in Calls())
        {
            using var scope = NewDisposeScope();
            using var g1 = new Generator(5);
            using var g2 = new Generator(5);
            var a = call(empty(24, 40), RandomSource.Torch(g1));
            var b = byGenerator(empty(24, 40), g2);
            Assert.True(Values(a).SequenceEqual(Values(b)), $"{name}: torch source and Generator differ");
        }
    }

    [Fact]
    public void ErrorsAreTheGeneratorCallsAndTheTensorIsUntouched()
    {
        var stream = InitEngine.Counter(1).Stream("b");
        using var bias = full(7, 3.0f);
        var ex = Assert.Throws<ArgumentException>(() => bias.kaiming_normal_(stream));
        var expected = Assert.Throws<ArgumentException>(() => bias.kaiming_normal_());
        Assert.Equal(expected.Message, ex.Message);
        Assert.Contains("Fan in and fan out can not be computed for tensor with fewer than 2 dimensions", ex.Message);
        Assert.True(Values(bias).All(x => x == 3.0f));
        using var ints = zeros(4, 4, dtype: ScalarType.Int32);
        Assert.Throws<ArgumentException>(() => ints.normal_(stream));
        Assert.Throws<ArgumentNullException>(() => bias.normal_((RandomSource)null!));
    }
}
