using TorchSharp.Modules;
using WeightInit.Policy;
using Xunit;
using static TorchSharp.torch.nn;
using static WeightInit.Tests.Policy.PolicyTestHelpers;

namespace WeightInit.Tests.Policy;

/// <summary>A policy that does not fit one parameter throws before any write: the message names the parameter and
/// the rule, and every parameter (including ones visited earlier) is unchanged.</summary>
public class AllOrNothingTests
{
    static Box Net() => new(("emb", Embedding(10, 4)), ("fc", Linear(4, 4)), ("ln", LayerNorm(4)), ("conv", Conv1d(4, 4, 3)));

    [Fact]
    public void DiracOnALinearWeight()
    {
        using var m = Net();
        var before = Snapshot(m);
        using var g = Gen();
        var e = Assert.Throws<InitPolicyException>(() => m.ApplyInit(InitPolicy.TorchDefaults().ForLayer<Linear>("weight", "dirac_"), g));
        var problem = Assert.Single(e.Problems);
        Assert.Contains("fc.weight", problem);
        Assert.Contains($"#{InitPolicy.TorchDefaults().Rules.Length + 1}", problem);
        Assert.Contains("dirac_", problem);
        AssertSame(before, Snapshot(m));
    }

    [Fact]
    public void XavierOnOneDimensionalBiases()
    {
        using var m = Net();
        var before = Snapshot(m);
        using var g = Gen();
        var e = Assert.Throws<InitPolicyException>(() => m.ApplyInit(InitPolicy.TorchDefaults().ForParam("bias", "xavier_uniform_"), g));
        Assert.Equal(3, e.Problems.Count); // fc.bias, ln.bias, conv.bias
        foreach (var name in new[] { "fc.bias", "ln.bias", "conv.bias" }) Assert.Contains(name, e.Message);
        Assert.All(e.Problems, p => Assert.Contains("param=bias", p));
        AssertSame(before, Snapshot(m));
    }
}
