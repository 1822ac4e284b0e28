using System;
using System.Linq;
using DepthExperiment;
using TorchSharp;
using WeightInit.Diagnostics;
using WeightInit.Policy;
using WeightInit.Schemes;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Diagnostics;

/// <summary>LSUV reaches its tolerance layer by layer on a deep net from a bad start.</summary>
public class LsuvTests
{
    [Theory]
    [InlineData("tanh", true)]
    [InlineData("relu", true)]
    [InlineData("tanh", false)]
    public void ReachesToleranceOnADeepNetFromABadStart(string activation, bool orthonormal)
    {
        using var g = new Generator(3);
        using var x = randn(new long[] { 256, 64 }, generator: g);
        using var mlp = DeepMlp.Build(depth: 20, width: 64, activation);
        mlp.ApplyInit(InitScheme.Normal(0, 0.01), g);            // a start that vanishes
        var layers = mlp.ApplyLsuv(x, new LsuvOptions(OrthonormalInit: orthonormal), g);

        Assert.Equal(20, layers.Count);
        Assert.Equal("fc1", layers[0].Name);
        Assert.All(layers, l => Assert.True(l.Converged && Math.Abs(l.FinalStd - 1) <= 0.1, $"{l.Name}: std {l.FinalStd} after {l.Rounds} rounds"));
        if (!orthonormal) Assert.All(layers, l => Assert.True(l.Rounds >= 1 && l.InitialStd < 0.5));

        // The probe agrees: every Linear output of the net has std ~1 now.
        var report = mlp.ProbeSignal(x, y => y.sum());
        Assert.All(report.OfType("Linear"), l => Assert.InRange(l.Std, 0.85, 1.15));
    }

    [Fact]
    public void OnlySelectedLayersChange()
    {
        using var g = new Generator(4);
        using var x = randn(new long[] { 128, 32 }, generator: g);
        using var mlp = DeepMlp.Build(depth: 4, width: 32, "tanh");
        mlp.ApplyInit(InitScheme.Normal(0, 0.01), g);
        var untouched = mlp.named_parameters().Where(p => !p.name.StartsWith("fc3", StringComparison.Ordinal)).Select(p => (p.name, p.parameter.detach().clone())).ToList();
        var layers = mlp.ApplyLsuv(x, new LsuvOptions(Layers: "fc3", OrthonormalInit: false));
        Assert.Equal("fc3", Assert.Single(layers).Name);
        foreach (var (name, before) in untouched)
            Assert.True(mlp.named_parameters().First(p => p.name == name).parameter.allclose(before, 0, 0), name);
    }

    [Fact]
    public void TargetMeanShiftsTheBias()
    {
        using var g = new Generator(5);
        using var x = randn(new long[] { 256, 16 }, generator: g) + 3;
        using var mlp = DeepMlp.Build(depth: 2, width: 16, "tanh");
        var layers = mlp.ApplyLsuv(x, new LsuvOptions(TargetMean: 0.0), g);
        var report = mlp.ProbeSignal(x, y => y.sum());
        Assert.All(report.OfType("Linear"), l => Assert.InRange(l.Mean, -0.1, 0.1));
        Assert.All(layers, l => Assert.True(l.Converged));
    }

    [Fact]
    public void BadOptionsAreRejected()
    {
        using var mlp = DeepMlp.Build(depth: 1, width: 4, "tanh");
        using var x = randn(8, 4);
        Assert.Throws<ArgumentException>(() => mlp.ApplyLsuv(x, new LsuvOptions(TargetStd: 0)));
        Assert.Throws<ArgumentException>(() => mlp.ApplyLsuv(x, new LsuvOptions(MaxRounds: 0)));
    }
}
