using System;
using System.Linq;
using System.Threading.Tasks;
using TorchSharp;
using WeightInit.Deferred;
using WeightInit.Tests.Policy;
using Xunit;
using static TorchSharp.torch;
using static WeightInit.Tests.Deferred.DeferredModels;

namespace WeightInit.Tests.Deferred;

[Collection(DeferredDefaultDeviceCollection.Name)]
public class DeferredBuildTests
{
    [Fact]
    public void BuiltInAndUserModulesAreAllOnMeta()
    {
        using var m = DeferredInit.Build(() => new Box(
            ("lin", nn.Linear(4, 4)), ("emb", nn.Embedding(10, 4)), ("conv", nn.Conv2d(3, 4, 3)), ("bn", nn.BatchNorm2d(4)),
            ("ln", nn.LayerNorm(4)), ("lstm", nn.LSTM(4, 5)), ("gate", new DeferredGate(4)), ("gpt", new DeferredGpt())));
        Assert.True(m.parameters().Count() > 20);
        Assert.Equal(4, m.named_buffers().Count()); // bn: running_mean, running_var, num_batches_tracked; gate: mask
        AssertAllOn(m, DeviceType.META);
        Assert.Equal(DeviceType.CPU, get_default_device().type);
    }

    /// <summary>The first Build's background warm-up of Materialize's code runs to its end without an error (it would
    /// swallow one, and leave the first Materialize to compile its own code).</summary>
    [Fact]
    public async Task TheMaterializeWarmupSucceeds()
    {
        using (var m = DeferredInit.Build(() => nn.Linear(2, 2))) { }
        Assert.True(await MaterializeWarmup.Completion.WaitAsync(TimeSpan.FromMinutes(2)), "the warm-up failed");
    }

    [Fact]
    public void TheDefaultDeviceIsRestoredWhenTheConstructorThrows()
    {
        var e = Assert.Throws<InvalidOperationException>(() => DeferredInit.Build<nn.Module>(() =>
        {
            Assert.Equal(DeviceType.META, get_default_device().type);
            throw new InvalidOperationException("ctor failed");
        }));
        Assert.Equal("ctor failed", e.Message);
        Assert.Equal(DeviceType.CPU, get_default_device().type);
        using var t = zeros(2);
        Assert.Equal(DeviceType.CPU, t.device_type);
    }

    [Fact]
    public void TheDefaultDeviceBeforeBuildIsRestoredEvenIfItWasNotCpu()
    {
        set_default_device(META);
        try
        {
            using var m = DeferredInit.Build(() => nn.Linear(2, 2));
            Assert.Equal(DeviceType.META, get_default_device().type);
        }
        finally { set_default_device(CPU); }
    }

    [Fact]
    public void NullConstructorOrResultIsAnError()
    {
        Assert.Throws<ArgumentNullException>(() => DeferredInit.Build<nn.Module>(null!));
        var e = Assert.Throws<InvalidOperationException>(() => DeferredInit.Build<nn.Module>(() => null!));
        Assert.Contains("returned null", e.Message);
        Assert.Equal(DeviceType.CPU, get_default_device().type);
    }
}
