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

/// <summary>What Materialize promises about buffers, failures and bad options, and MaterializeShard about ownership.</summary>
[Collection(DeferredDefaultDeviceCollection.Name)]
public class MaterializeContractTests
{
    static readonly InitPolicy Policy = InitPolicy.TorchDefaults().ForName("scale", "ones_");

    [Fact]
    public void AThrowingBufferInitializerIsAPartialInitThatNamesWhatWasWritten()
    {
        using var m = DeferredInit.Build(() => new DeferredGate(4));
        var options = new MaterializeOptions
        {
            Buffers = new Dictionary<string, Action<Tensor>> { ["mask"] = _ => throw new InvalidOperationException("no mask today") },
        };
        var e = Assert.Throws<PartialInitException>(() => m.Materialize(Policy, InitEngine.Counter(1), options: options));
        Assert.Equal("mask", e.Failed);
        Assert.Contains("scale", e.Written);
        Assert.Contains("proj.weight", e.Written);
        Assert.IsType<InvalidOperationException>(e.InnerException);
    }

    [Fact]
    public void ARunningStatisticTheCheckpointProvidesIsNotReset()
    {
        using var m = DeferredInit.Build(Cnn);
        var report = m.Materialize(Policy, InitEngine.Counter(1),
            options: new MaterializeOptions { Provided = new[] { "features.1.running_mean" } });
        Assert.DoesNotContain(report.BufferResets, r => r.StartsWith("features.1.running_mean", StringComparison.Ordinal));
        Assert.Contains(report.BufferResets, r => r.StartsWith("features.1.running_var", StringComparison.Ordinal));
        var stats = m.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        Assert.All(stats["features.1.running_var"].data<float>().ToArray(), v => Assert.Equal(1f, v));
        Assert.All(stats["features.4.running_mean"].data<float>().ToArray(), v => Assert.Equal(0f, v));
    }

    [Fact]
    public void NullOptionCollectionsAreArgumentErrorsBeforeAnyAllocation()
    {
        using var m = DeferredInit.Build(() => new DeferredGate(4));
        var e = Assert.Throws<ArgumentException>(() => m.Materialize(Policy, InitEngine.Counter(1), options: new MaterializeOptions { Provided = null! }));
        Assert.Equal("options", e.ParamName);
        AssertAllOn(m, DeviceType.META);
    }

    [Fact]
    public void ShardPartsOutliveADisposeScopeTheCallerHadOpen()
    {
        using var m = DeferredInit.Build(() => new DeferredGate(8));
        ShardedState state;
        using (NewDisposeScope())
            state = m.MaterializeShard(Policy, InitEngine.Counter(1), ShardLayout.Flat, 0, 2);
        using (state)
            foreach (var p in state.Parameters)
                Assert.False(p.Local.IsInvalid, $"{p.Name} was disposed with the caller's scope");
    }
}
