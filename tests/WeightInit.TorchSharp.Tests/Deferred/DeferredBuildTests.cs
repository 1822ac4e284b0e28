using System;
using System.Linq;
using System.Threading.Tasks;
using TorchSharp;
using TorchSharp.Modules;
using WeightInit.Deferred;
using WeightInit.Engine;
using WeightInit.Policy;
using WeightInit.Policy.Actions;
using WeightInit.Sampling;
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
        Assert.True(await MaterializeWarmup.Completion.WaitAsync(TimeSpan.FromMinutes(2)), $"the warm-up failed: {MaterializeWarmup.Failure}");
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

    /// <summary>While the default device is META (inside a Build, on any thread), every scheme and the presets' own
    /// actions still fill CPU tensors: nothing the library computes with lands on the default device. (trunc_normal_'s
    /// bounds and Mamba's A_log once made their scratch tensors there.)</summary>
    [Theory]
    [InlineData("trunc_normal_(std=1, a=-2, b=2)")]
    [InlineData("trunc_normal_(std=1, a=-4, b=4)")]
    [InlineData("normal_(std=0.02)")]
    [InlineData("kaiming_uniform_(a=2.23606797749979)")]
    [InlineData("orthogonal_()")]
    [InlineData("sparse_(sparsity=0.5)")]
    [InlineData("dirac_()")]
    [InlineData("eye_()")]
    [InlineData("mamba_a_log()")]
    public void ActionsFillCpuTensorsWhileTheDefaultDeviceIsMeta(string action)
    {
        var parsed = InitAction.Parse(action);
        var shape = action.StartsWith("dirac_", StringComparison.Ordinal) ? new long[] { 4, 4, 3 } : new long[] { 6, 4 };
        foreach (string kind in new[] { "engine", "generator", "global generator" })
        {
            using var lin = new Box(("w", nn.Identity()));
            using var t = empty(shape, ScalarType.Float32, CPU);
            var site = new ParameterSite("w", "w", "", lin, new Parameter(t.alias(), requires_grad: false), 0);
            RandomSource source = kind switch
            {
                "engine" => InitEngine.Counter(3).Stream("w"),
                "generator" => RandomSource.Torch(new Generator(3)),
                _ => RandomSource.Torch(), // the global one: this collection runs alone
            };
            using var built = DeferredInit.Build(() =>
            {
                Assert.Equal(DeviceType.META, get_default_device().type);
                using (no_grad()) parsed.Apply(t, site, source);
                return nn.Identity();
            });
            Assert.Equal(DeviceType.CPU, t.device_type);
            Assert.True(t.isfinite().all().item<bool>(), $"{action} ({kind}) wrote non-finite values");
        }
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
