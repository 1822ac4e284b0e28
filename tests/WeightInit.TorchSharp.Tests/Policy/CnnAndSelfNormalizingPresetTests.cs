using System;
using WeightInit.Policy;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static WeightInit.Tests.Policy.PolicyTestHelpers;

namespace WeightInit.Tests.Policy;

/// <summary>Cnn (He et al. fan_out/relu, BN ones/zeros) and SelfNormalizing (lecun_normal_) give the stds they claim.</summary>
public class CnnAndSelfNormalizingPresetTests
{
    [Fact]
    public void CnnKaimingNormalFanOutReluAndBatchNormOnesZeros()
    {
        using var m = new Box(("conv", Conv2d(16, 32, 3)), ("bn", BatchNorm2d(32)), ("up", ConvTranspose2d(64, 32, 3)), ("head", Linear(32, 10)));
        foreach (var (_, p) in m.named_parameters()) using (no_grad()) p.fill_(7);
        using var g = Gen();
        var r = m.ApplyInit(InitPolicy.Cnn(), g);
        var s = Snapshot(m);
        AssertStd(s["conv.weight"], Math.Sqrt(2.0 / (32 * 9)), "conv fan_out = out·k²");
        AssertAll(s["conv.bias"], 0, "conv.bias");
        AssertAll(s["bn.weight"], 1, "bn.weight");
        AssertAll(s["bn.bias"], 0, "bn.bias");
        // ConvTranspose [in=64, out=32, 3, 3]: its true fan-out is dim 1 · k² = 288.
        AssertStd(s["up.weight"], Math.Sqrt(2.0 / (32 * 9)), "convtranspose");
        Assert.Equal(new[] { "head.weight", "head.bias" }, r.NotCovered); // Linear is not a Cnn concern
        AssertAll(s["head.weight"], 7, "head untouched");
    }

    [Fact]
    public void SelfNormalizingLecunNormal()
    {
        using var m = new Box(("fc", Linear(256, 128)), ("conv", Conv2d(16, 64, 3)));
        using var g = Gen();
        m.ApplyInit(InitPolicy.SelfNormalizing().Strict(), g);
        var s = Snapshot(m);
        AssertStd(s["fc.weight"], 1 / 16.0, "fc.weight");
        AssertStd(s["conv.weight"], 1 / Math.Sqrt(16 * 9), "conv.weight");
        AssertAll(s["fc.bias"], 0, "fc.bias");
        AssertAll(s["conv.bias"], 0, "conv.bias");
    }
}
