using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using WeightInit.Deferred;
using WeightInit.Engine;
using WeightInit.Policy;
using Xunit;
using static TorchSharp.torch;
using static WeightInit.Tests.Deferred.DeferredModels;

namespace WeightInit.Tests.Deferred;

/// <summary>An embedding's padding_idx row: ApplyInit sees it as the one zero row of an eager weight and keeps it
/// zero; a META weight cannot show it, so Materialize takes it from MaterializeOptions.PaddingRows.</summary>
[Collection(DeferredDefaultDeviceCollection.Name)]
public class MaterializePaddingRowTests
{
    static nn.Module<Tensor, Tensor> Padded() => nn.Sequential(("emb", nn.Embedding(12, 5, padding_idx: 3)), ("fc", nn.Linear(5, 4)));

    static readonly InitPolicy Policy = InitPolicy.Empty.ForLayer("Embedding", "weight", "normal_(std=0.5)")
        .ForLayer("Linear", "*", "uniform_(a=-0.1, b=0.1)");

    [Fact]
    public void WithThePaddingRowGivenMaterializeEqualsEagerPlusApplyInit()
    {
        var engine = InitEngine.Counter(3);
        using var eager = Padded();
        eager.ApplyInit(Policy, engine);
        using var deferred = DeferredInit.Build(Padded);
        deferred.Materialize(Policy, engine, options: new MaterializeOptions { PaddingRows = new Dictionary<string, long> { ["emb.weight"] = 3 } });
        AssertSameBytes(Bytes(eager), Bytes(deferred));
        var row = deferred.named_parameters().First(p => p.name == "emb.weight").parameter[3];
        Assert.All(row.data<float>().ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void WithoutItTheMetaPaddingRowIsDrawnLikeAnyOther()
    {
        using var deferred = DeferredInit.Build(Padded);
        deferred.Materialize(Policy, InitEngine.Counter(3));
        var row = deferred.named_parameters().First(p => p.name == "emb.weight").parameter[3];
        Assert.Contains(row.data<float>().ToArray(), v => v != 0f);
    }

    [Theory]
    [InlineData("emb.wieght", 3L, "no such parameter")]
    [InlineData("emb.weight", 12L, "must be a row of a 2-D weight")]
    [InlineData("fc.bias", 0L, "must be a row of a 2-D weight")]
    public void ABadPaddingRowIsRefusedBeforeAnythingIsAllocated(string name, long row, string expected)
    {
        using var deferred = DeferredInit.Build(Padded);
        var options = new MaterializeOptions { PaddingRows = new Dictionary<string, long> { [name] = row } };
        var e = Assert.Throws<ArgumentException>(() => deferred.Materialize(Policy, InitEngine.Counter(3), options: options));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.Equal("options", e.ParamName);
        AssertAllOn(deferred, DeviceType.META);
    }
}
