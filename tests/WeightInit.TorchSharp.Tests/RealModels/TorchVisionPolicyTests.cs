using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using WeightInit.Policy;
using Xunit;
using static TorchSharp.torch;
using KS = WeightInit.Tests.Statistics.KolmogorovSmirnov;

namespace WeightInit.Tests.RealModels;

/// <summary>One ResNet18 and one MobileNetV3-small for the read-only tests (plans, parameter order).</summary>
public sealed class TorchVisionPolicyFixture : IDisposable
{
    public nn.Module<Tensor, Tensor> ResNet18 { get; } = torchvision.models.resnet18(num_classes: 10);
    public nn.Module<Tensor, Tensor> MobileNetV3Small { get; } = torchvision.models.mobilenet_v3_small();

    public void Dispose()
    {
        ResNet18.Dispose();
        MobileNetV3Small.Dispose();
    }
}

/// <summary>What real models need from a policy: the facts the README's "Real models" section states, on
/// TorchSharp's TorchVision ports. Constructing models draws from the global generator, hence the collection.</summary>
[Collection(GlobalRngCollection.Name)]
public class TorchVisionPolicyTests : IClassFixture<TorchVisionPolicyFixture>
{
    readonly TorchVisionPolicyFixture models;

    public TorchVisionPolicyTests(TorchVisionPolicyFixture models) => this.models = models;

    /// <summary>The classifier head the Cnn preset does not cover, for a model's head.</summary>
    static InitPolicy WithHead(InitPolicy p) => p
        .ForLayer<Linear>("weight", "normal_(std=0.01)")
        .ForLayer<Linear>("bias", "zeros_");

    [Fact]
    public void CnnStrictFailsOnResNet18ListingTheFcLayerAndChangesNothing()
    {
        var m = models.ResNet18;
        var before = m.named_parameters().Select(p => (p.name, p.parameter.detach().clone())).ToList();
        var e = Assert.Throws<InitPolicyException>(() => m.ApplyInit(InitPolicy.Cnn().Strict()));
        Assert.Equal(new[] { "fc.weight [10, 512]", "fc.bias [10]" }.Select(x => x + ": no rule covers it"), e.Problems);
        Assert.StartsWith("Strict init policy: 2 parameters not covered; nothing was changed:", e.Message);
        foreach (var (name, saved) in before)
        {
            Assert.True(m.get_parameter(name)!.allclose(saved, 0, 0), $"{name} changed");
            saved.Dispose();
        }
        // Adding the head's rule makes it pass (a plan: nothing written).
        var plan = WithHead(InitPolicy.Cnn()).Strict().Plan(m);
        Assert.Empty(plan.NotCovered);
        Assert.Equal(62, plan.Entries.Count);
    }

    [Fact]
    public void CnnStrictFailsOnMobileNetV3ListingTheClassifierAndPassesWithALinearRule()
    {
        var m = models.MobileNetV3Small;
        var e = Assert.Throws<InitPolicyException>(() => InitPolicy.Cnn().Strict().Plan(m));
        Assert.Equal(new[] { "classifier.0.weight [1024, 576]", "classifier.0.bias [1024]", "classifier.3.weight [1000, 1024]", "classifier.3.bias [1000]" }
            .Select(x => x + ": no rule covers it"), e.Problems);
        Assert.Empty(WithHead(InitPolicy.Cnn()).Strict().Plan(m).NotCovered);
    }

    [Theory]
    [InlineData("alexnet")]
    [InlineData("googlenet")]
    public void CnnStrictFailsOnOtherClassifiersOnlyForTheirLinearLayers(string name)
    {
        using nn.Module model = name == "alexnet" ? torchvision.models.alexnet(num_classes: 10) : torchvision.models.googlenet(num_classes: 10);
        var e = Assert.Throws<InitPolicyException>(() => InitPolicy.Cnn().Strict().Plan(model));
        var linear = model.named_modules().Where(x => x.module is Linear)
            .SelectMany(x => new[] { x.name + ".weight", x.name + ".bias" }).ToList();
        Assert.NotEmpty(linear);
        Assert.Equal(linear, e.Problems.Select(p => p.Split(' ')[0]));
        Assert.Empty(WithHead(InitPolicy.Cnn()).Strict().Plan(model).NotCovered);
    }

    /// <summary>torchvision's ResNet: every layer as its constructor draws it (fc keeps nn.Linear's default), then
    /// its init loop (kaiming_normal_(mode='fan_out', nonlinearity='relu') on every Conv2d, BatchNorm ones/zeros),
    /// which TorchSharp's port runs too. As two passes: TorchDefaults, then Cnn (which is that loop).</summary>
    [Fact]
    public void TwoPassesGiveTorchVisionsResNetInit()
    {
        torch.manual_seed(11);
        using var ported = torchvision.models.resnet18(num_classes: 10);    // the port's own init
        using var ours = torchvision.models.resnet18(num_classes: 10);
        using var g = new Generator(5);
        ours.ApplyInit(InitPolicy.TorchDefaults(), g);
        var report = ours.ApplyInit(InitPolicy.Cnn(), g);
        Assert.Equal(new[] { "fc.weight", "fc.bias" }, report.NotCovered);  // the second pass leaves the head as drawn

        foreach (var m in new nn.Module[] { ported, ours })
            foreach (var (path, module) in ModuleWalker.Modules(m))
                switch (module)
                {
                    case Conv2d conv:
                        var w = conv.weight!;
                        double expected = Math.Sqrt(2.0 / (w.shape[0] * w.shape[2] * w.shape[3]));   // gain sqrt(2), fan_out
                        double std = w.to(ScalarType.Float64).std().item<double>();
                        Assert.True(Math.Abs(std / expected - 1) < 0.05, $"{path}: std {std}, expected {expected}");
                        Assert.True(Math.Abs(w.to(ScalarType.Float64).mean().item<double>()) < 5 * expected / Math.Sqrt(w.numel()), $"{path} mean");
                        break;
                    case BatchNorm2d bn:
                        Assert.True(bn.weight!.eq(1).all().item<bool>() && bn.bias!.eq(0).all().item<bool>(), path);
                        break;
                }

        // The shapes of the distributions, on one conv weight and the head (U(±1/sqrt(512)) for weight and bias).
        foreach (var m in new[] { ported, ours })
        {
            var conv = (Conv2d)m.named_modules().Single(x => x.name == "layer1.0.conv1").module;
            AssertKs(conv.weight!, KS.NormalCdf(0, Math.Sqrt(2.0 / (64 * 9))), "layer1.0.conv1.weight");
            var fc = (Linear)m.named_modules().Single(x => x.name == "fc").module;
            AssertKs(fc.weight!, KS.UniformCdf(-1 / Math.Sqrt(512), 1 / Math.Sqrt(512)), "fc.weight");
        }
    }

    /// <summary>With the same seed and a model whose construction drew from another, the two passes reproduce the
    /// port's values bit for bit: its draws (constructors in registration order, then the loop in named_modules
    /// order) and ours (named_parameters order) visit ResNet's parameters in the same order.</summary>
    [Fact]
    public void TwoPassesOnTheGlobalGeneratorReproduceThePortsResNetValues()
    {
        using var ours = torchvision.models.resnet18(num_classes: 10);   // drawn before the seed: overwritten below
        torch.manual_seed(23);
        using var ported = torchvision.models.resnet18(num_classes: 10);
        torch.manual_seed(23);
        ours.ApplyInit(InitPolicy.TorchDefaults());
        ours.ApplyInit(InitPolicy.Cnn());
        var a = ported.named_parameters().ToList();
        var b = ours.named_parameters().ToList();
        Assert.Equal(a.Select(p => p.name), b.Select(p => p.name));
        for (int i = 0; i < a.Count; i++) Assert.True(a[i].parameter.allclose(b[i].parameter, 0, 0), $"{a[i].name}: max |diff| {(a[i].parameter - b[i].parameter).abs().max().item<float>()}");
    }

    [Fact]
    public void MobileNetV3ParametersComeInRegistrationOrderClassifierFirst()
    {
        // TorchSharp's MobileNetV3 declares avgpool, classifier, features (torchvision registers features first):
        // named_parameters(), the policy and its report follow the port's order.
        var names = models.MobileNetV3Small.named_parameters().Select(p => p.name).ToList();
        Assert.Equal(new[] { "classifier.0.weight", "classifier.0.bias", "classifier.3.weight", "classifier.3.bias", "features.0.0.weight", "features.0.1.weight" },
            names.Take(6));
        Assert.Equal("features.12.1.bias", names[^1]);
        var plan = WithHead(InitPolicy.Cnn()).Plan(models.MobileNetV3Small);
        Assert.Equal(names, plan.Entries.Select(e => e.Name));
    }

    [Fact]
    public void TorchSharpsNamedModulesListsChildrenThenRecursesIntoEach()
    {
        using var m = nn.Sequential(
            ("a", nn.Sequential(("x", nn.Sequential(("p", nn.Linear(1, 1)), ("q", nn.Linear(1, 1)))), ("y", nn.Linear(1, 1)))),
            ("b", nn.Sequential(("z", nn.Linear(1, 1)))));
        // Not PyTorch's pre-order ("", a, a.x, a.x.p, a.x.q, a.y, b, b.z) nor breadth-first (a.x.p after b.z):
        // a module's direct children first, then each child's named_modules() in turn; no root.
        Assert.Equal(new[] { "a", "b", "a.x", "a.y", "a.x.p", "a.x.q", "b.z" }, m.named_modules().Select(x => x.name));
        Assert.Equal(new[] { "", "a", "a.x", "a.x.p", "a.x.q", "a.y", "b", "b.z" }, ModuleWalker.Modules(m).Select(x => x.Path));
        // named_parameters() is PyTorch's order, which the policy uses.
        Assert.Equal(new[] { "a.x.p.weight", "a.x.p.bias", "a.x.q.weight", "a.x.q.bias", "a.y.weight", "a.y.bias", "b.z.weight", "b.z.bias" },
            m.named_parameters().Select(p => p.name));
    }

    static void AssertKs(Tensor t, Func<double, double> cdf, string what) => Statistics.KsAssert.Fits(t, cdf, what);
}
