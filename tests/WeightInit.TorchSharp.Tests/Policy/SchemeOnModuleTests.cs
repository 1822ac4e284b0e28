using System;
using WeightInit.Policy;
using WeightInit.Schemes;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static WeightInit.Tests.Policy.PolicyTestHelpers;

namespace WeightInit.Tests.Policy;

/// <summary>module.ApplyInit(scheme): the scheme on every weight, zeros on biases; a scheme that needs fans fails on
/// 1-D weights before writing.</summary>
public class SchemeOnModuleTests
{
    [Fact]
    public void LinearWeightGetsSchemeBiasZero()
    {
        using var fc = Linear(16, 32);
        using (var g = Gen(11)) fc.ApplyInit(InitScheme.XavierUniform(), g);
        using var expected = empty(32, 16);
        using (var g = Gen(11)) InitScheme.XavierUniform().Apply(expected, g);
        Assert.Equal(Values(expected), Values(fc.weight!));
        AssertAll(Values(fc.bias!), 0, "bias");
    }

    [Fact]
    public void FanBasedSchemeOnLayerNormThrowsAndWritesNothing()
    {
        using var ln = LayerNorm(8);
        using (no_grad()) ln.weight!.fill_(3);
        var e = Assert.Throws<InitPolicyException>(() => ln.ApplyInit(InitScheme.KaimingNormal()));
        Assert.Contains("weight", e.Message);
        AssertAll(Values(ln.weight!), 3, "weight untouched");
    }
}
