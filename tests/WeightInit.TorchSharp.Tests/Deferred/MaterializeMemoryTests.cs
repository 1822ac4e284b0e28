using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using WeightInit.Deferred;
using WeightInit.Engine;
using WeightInit.Policy;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Deferred;

/// <summary>Materialize holds one copy of the model: one storage per distinct tensor, of exactly its size (a tied
/// tensor's names share one), and nothing else left alive afterwards.</summary>
[Collection(DeferredDefaultDeviceCollection.Name)]
public class MaterializeMemoryTests
{
    [Fact]
    public void OneStoragePerDistinctTensorOfExactlyItsSize()
    {
        using var m = DeferredInit.Build(() => new DeferredGpt());
        m.Materialize(InitPolicy.Transformer(), InitEngine.Counter(5));
        var storages = new Dictionary<ulong, long>();
        long tensorBytes = 0;
        foreach (var site in ModuleWalker.Sites(m))
        {
            var p = site.Parameter;
            tensorBytes += p.numel() * p.ElementSize;
            using var storage = p.storage<float>();
            Assert.True(storages.TryAdd((ulong)storage.data_ptr(), p.numel() * p.ElementSize), $"{site.QualifiedName} shares storage");
            Assert.Equal(p.numel(), storage.Count);
        }
        Assert.Equal(tensorBytes, storages.Values.Sum());
        Assert.True(TensorIdentity.Same(m.wte.weight!, m.lm_head.weight));
    }

    [Fact]
    public void RepeatedBuildAndMaterializeLeaveNoTensorAlive()
    {
        var engine = InitEngine.Counter(5);
        long growth = LiveTensorCount.GrowthOver(warmUp: 2, calls: 5, () =>
        {
            using var m = DeferredInit.Build(() => new DeferredGate(8));
            m.Materialize(InitPolicy.Transformer().ForName("scale", "ones_"), engine, options: new MaterializeOptions { Buffers = new Dictionary<string, System.Action<Tensor>> { ["mask"] = t => t.fill_(1) } });
            foreach (var (_, p) in m.named_parameters()) p.Dispose();
            foreach (var (_, b) in m.named_buffers()) b.Dispose();
        });
        long eager = LiveTensorCount.GrowthOver(warmUp: 2, calls: 5, () =>
        {
            using var m = new DeferredGate(8);
            m.ApplyInit(InitPolicy.Transformer().ForName("scale", "ones_"), engine);
            foreach (var (_, p) in m.named_parameters()) p.Dispose();
            foreach (var (_, b) in m.named_buffers()) b.Dispose();
        });
        Assert.Equal((0L, 0L), (eager, growth));
    }
}
