using System;
using System.IO;
using System.Linq;
using WeightInit.Benchmarks;
using WeightInit.Deferred;
using WeightInit.Engine;
using WeightInit.Policy;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Deferred.Sharding;

/// <summary>The >12B shard simulation's code on a tiny Llama config: every shard's digest equals the digest of the
/// same slice of the whole parameter, unions of row and flat shards equal the whole digests, and those whole digests
/// are ApplyInit's on an eagerly built model.</summary>
[Collection(GlobalRngCollection.Name)] // set_default_device(META) is process-global
public class ShardSimulationTests
{
    [Theory]
    [InlineData("megatron", 8)]
    [InlineData("flat", 8)]
    [InlineData("megatron", 3)]
    public void TinyLlamaShardDigestsEqualWholeDigests(string layoutName, int world)
    {
        var config = ShardSimulation.Config.Tiny;
        var layout = layoutName == "flat" ? ShardLayout.Flat : ShardSimulation.Megatron;
        var log = new StringWriter();
        var result = ShardSimulation.Run(config, layout, layoutName, world, seed: 13, log);
        Assert.True(result.Agrees, string.Join(", ", result.Mismatches) + "\n" + log);
        int sites = 2 + config.Layers * 9 + 1;
        Assert.Equal(sites * world, result.PartDigests);
        Assert.Equal(world, result.Shards.Count);
        // Megatron: embedding, head, q/k/v, gate/up are row shards whose unions are checked; flat: every parameter.
        Assert.Equal(layoutName == "flat" ? sites : 2 + config.Layers * 5, result.UnionDigests);

        // The reference is ApplyInit's values: build eagerly, initialize the whole model, hash.
        using var eager = new LlamaModel(config);
        eager.ApplyInit(ShardSimulation.Policy(config), InitEngine.Counter(13));
        foreach (var site in ModuleWalker.Sites(eager))
            Assert.Equal(ShardSimulation.Digest(site.Parameter), result.WholeDigests[site.QualifiedName]);
        Assert.Equal(sites, result.WholeDigests.Count);
        Assert.Equal(ScalarType.BFloat16, eager.lm_head.weight!.dtype);
    }

    [Fact]
    public void ADigestSeesEveryByte()
    {
        using var a = zeros(3, 5, dtype: ScalarType.BFloat16);
        string before = ShardSimulation.Digest(a);
        a[2, 4] = tensor(1.0f);
        Assert.NotEqual(before, ShardSimulation.Digest(a));
        Assert.Equal(64, before.Length);
    }
}
