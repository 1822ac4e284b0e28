using System;
using System.Linq;
using TorchSharp;
using WeightInit.Diagnostics;
using WeightInit.Engine;
using WeightInit.Schemes;
using Xunit;
using static TorchSharp.torch;
using static WeightInit.Tests.Numerics.NumericsTestHelpers;

namespace WeightInit.Tests.Numerics;

/// <summary>ArgumentException.ParamName names a parameter of the public call that was made (CA2208): the shared
/// checks take it from their caller instead of naming a parameter of one caller for all of them.</summary>
public class ParamNameTests
{
    [Fact]
    public void DerivedUniformBoundNamesTheTensorNotKaimingsSlope()
    {
        // xavier_uniform_'s bound gain·sqrt(6 / 2) does not fit float16; the check once named "a" (kaiming's slope).
        using var g = new Generator(1);
        using var h = Sentinel(new long[] { 1, 1 }, ScalarType.Float16);
        var e = Rejects(h, () => h.xavier_uniform_(gain: 1e5, generator: g), "from is out of bounds for c10::Half");
        Assert.Equal("tensor", e.ParamName);
        using var k = Sentinel(new long[] { 1, 1 }, ScalarType.Float16);
        e = Rejects(k, () => InitScheme.Parse("variance_scaling_(scale=1e10, distribution='uniform')").Apply(k, g), "out of bounds");
        Assert.Equal("tensor", e.ParamName);
    }

    [Fact]
    public void UniformBoundsNameUniformsOwnParameters()
    {
        using var h = Sentinel(new long[] { 3 }, ScalarType.Float16);
        // InitScheme.Uniform(a, b) is uniform_(a, b) as a value (Tensor's own uniform_ is libtorch's).
        Assert.Equal("a", Rejects(h, () => InitScheme.Uniform(-1e6, 0).Apply(h), "from is out of bounds for c10::Half").ParamName);
        Assert.Equal("b", Rejects(h, () => InitScheme.Uniform(0, 1e6).Apply(h), "to is out of bounds for c10::Half").ParamName);
    }

    [Fact]
    public void ShardWithoutRoomNamesTheFullShape()
    {
        // The stream has 4 elements left; the whole tensor needs 16. ApplyShard has no parameter "tensor".
        var stream = InitEngine.Counter(3).Stream("w").At(CounterStream.Length - 4);
        using var shard = Sentinel(new long[] { 2, 4 });
        var e = Rejects(shard, () => InitScheme.Normal().ApplyShard(shard, new long[] { 4, 4 }, 0, stream), "has no room for 16 elements");
        Assert.Equal("fullShape", e.ParamName);
        using var t = Sentinel(new long[] { 4, 4 });
        Assert.Equal("tensor", Rejects(t, () => InitScheme.Normal().Apply(t, stream), "has no room for 16 elements").ParamName);
    }

    [Theory]
    [InlineData(0.0, 0.1, "TargetStd must be > 0")]
    [InlineData(1.0, double.NaN, "Tolerance must be a finite number")]
    public void LsuvOptionsErrorsNameTheOptionsParameter(double targetStd, double tolerance, string message)
    {
        using var model = nn.Sequential(("fc", nn.Linear(4, 4)));
        using var x = ones(8, 4);
        var weight = model.parameters().First();
        var e = Rejects(weight, () => model.ApplyLsuv(x, new LsuvOptions(TargetStd: targetStd, Tolerance: tolerance)), message);
        Assert.Equal("options", e.ParamName);
    }

    [Fact]
    public void LsuvRejectsNullModelAndInput()
    {
        using var model = nn.Sequential(("fc", nn.Linear(4, 4)));
        using var x = ones(8, 4);
        Assert.Equal("model", Assert.Throws<ArgumentNullException>(() => ((nn.Module<Tensor, Tensor>)null!).ApplyLsuv(x)).ParamName);
        Assert.Equal("input", Assert.Throws<ArgumentNullException>(() => model.ApplyLsuv(null!)).ParamName);
    }

    [Fact]
    public void VarianceScalingDistributionKeepsItsName()
    {
        var e = Assert.Throws<ArgumentException>(() => new VarianceScalingScheme(1.0, "fan_in", "cauchy"));
        Assert.Equal("distribution", e.ParamName);
        Assert.StartsWith("Distribution cauchy not supported", e.Message, StringComparison.Ordinal);
    }
}
