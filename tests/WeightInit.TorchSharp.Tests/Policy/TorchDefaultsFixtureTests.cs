using System;
using System.Globalization;
using System.Linq;
using WeightInit.Policy;
using WeightInit.Tests.Fixtures;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Policy;

/// <summary>PyTorch re-initialized TinyNet by calling reset_parameters() of every submodule in model.modules() order
/// after torch.manual_seed(7); the TorchDefaults preset with the same seed must give the same values, bit for bit.</summary>
[Collection(GlobalRngCollection.Name)]
public class TorchDefaultsFixtureTests
{
    [Fact]
    public void TorchDefaultsReproducesPyTorchResetParameters()
    {
        var fixture = PyTorchFixtures.Root.GetProperty("models")[0];
        Assert.Equal("torch_defaults", fixture.GetProperty("policy").GetString());
        using var model = new TinyNet();
        manual_seed(fixture.GetProperty("seed").GetInt64());
        var report = model.ApplyInit(InitPolicy.TorchDefaults());

        var expected = fixture.GetProperty("params");
        var names = expected.EnumerateObject().Select(p => p.Name).ToArray();
        Assert.Equal(names, report.Entries.Select(e => e.Name).ToArray());
        foreach (var (name, p) in model.named_parameters())
        {
            var want = expected.GetProperty(name).EnumerateArray().Select(v => float.Parse(v.GetString()!, CultureInfo.InvariantCulture)).ToArray();
            var got = p.data<float>().ToArray();
            Assert.Equal(want.Length, got.Length);
            for (int i = 0; i < got.Length; i++)
                Assert.True(want[i] == got[i], $"{name}[{i}]: {got[i]:R} vs PyTorch {want[i]:R}");
        }
        Assert.Empty(report.NotCovered);
    }
}
