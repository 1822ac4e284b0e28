using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using WeightInit.Deferred;
using WeightInit.Engine;
using WeightInit.Policy;
using WeightInit.Schemes;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Deferred.Sharding;

/// <summary>MaterializeShard: the union over ranks equals ApplyInit on the whole, eager model, bit for bit, for every
/// kind of cut and every kind of action; bad input throws before anything is allocated.</summary>
[Collection(GlobalRngCollection.Name)] // set_default_device(META) is process-global
public class ShardMaterializationTests
{
    static readonly ShardLayout Megatron = ShardLayout.Megatron(
        columnParallel: new[] { "embed.weight", "qkv.*", "up.*", "head.weight" },
        rowParallel: new[] { "down.weight" });

    static readonly ShardLayout ConvColumns = ShardLayout.Replicated.SplitRows("qkv.*").SplitColumns("conv.weight", "up.weight");

    static InitPolicy Transformer => InitPolicy.Transformer(0.02, nLayer: 2, residualProjections: "down.weight")
        .Then(InitPolicy.XavierAttention()).ForLayer<TorchSharp.Modules.Conv2d>("weight", "kaiming_normal_(mode='fan_out')")
        .ForName("conv.bias", "torch_default_bias()");

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(5)]
    public void MegatronShardsPutTogetherAreApplyInit(int world) =>
        Shards.AssertUnionIsWhole(() => new MixedModel(), Transformer, Megatron, world);

    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(7)]
    public void ColumnShardsOfConvAndLinearArePutTogether(int world) =>
        Shards.AssertUnionIsWhole(() => new MixedModel(), Transformer, ConvColumns, world);

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    [InlineData(64)]
    public void FlatShardsPutTogetherAreApplyInit(int world) =>
        Shards.AssertUnionIsWhole(() => new MixedModel(), Transformer, ShardLayout.Flat, world);

    [Theory]
    [InlineData(ScalarType.BFloat16)]
    [InlineData(ScalarType.Float16)]
    [InlineData(ScalarType.Float64)]
    public void LowAndHighPrecisionShardsAreExact(ScalarType dtype) =>
        Shards.AssertUnionIsWhole(() => new MixedModel(dtype: dtype), Transformer, Megatron, 3);

    [Fact]
    public void FusedQkvBlocksCutByRowShardsAreExact()
    {
        // qkv is [24, 8] in 3 blocks of 8 rows; 5 ranks cut it at rows 5, 10, 15, 20: through every block.
        var policy = InitPolicy.Empty.ForName("**", "zeros_").ForName("qkv.weight", "blocks(3, scaled(0.5, xavier_normal_(gain=1.3)))")
            .ForName("up.weight", "blocks(2, torch_default_bias())");
        Assert.Equal((5L, 5L), ShardLayout.EvenSplit(24, 1, 5));
        Shards.AssertUnionIsWhole(() => new MixedModel(), policy, Megatron, 5);
        Shards.AssertUnionIsWhole(() => new MixedModel(), policy, ShardLayout.Flat, 5);
        Shards.AssertUnionIsWhole(() => new MixedModel(), policy, ShardLayout.Replicated.SplitColumns("qkv.weight"), 3);
    }

    [Fact]
    public void FansComeFromTheFullShape()
    {
        // A rows shard of xavier_uniform_ on [24, 8] has the whole's bound sqrt(6 / 32), not its own shape's.
        var engine = InitEngine.Counter(3);
        using var meta = Shards.OnMeta(() => new OneParam(new long[] { 24, 8 }, ScalarType.Float64));
        var policy = InitPolicy.Empty.ForName("w", "xavier_uniform_");
        using var state = meta.MaterializeShard(policy, engine, ShardLayout.Replicated.SplitRows("w"), 0, 12);
        var part = state["w"].Local;
        Assert.Equal(new long[] { 2, 8 }, part.shape);
        using var expected = empty(24, 8, dtype: ScalarType.Float64);
        InitScheme.Parse("xavier_uniform_").Apply(expected, engine, "w");
        Assert.Equal(expected.narrow(0, 0, 2).data<double>().ToArray(), part.data<double>().ToArray());
        Assert.True(part.abs().max().item<double>() <= Math.Sqrt(6.0 / 32));
        Assert.False(state["w"].ComputedWhole);
    }

    [Theory]
    [InlineData("orthogonal_(gain=2)")]
    [InlineData("sparse_(sparsity=0.3)")]
    [InlineData("eye_")]
    [InlineData("blocks(2, orthogonal_())")]
    [InlineData("scaled(0.5, sparse_(sparsity=0.5, std=0.1))")]
    [InlineData("lstm_forget_bias()")]
    public void CoupledSchemesAreComputedWholeAndSliced(string action)
    {
        bool isBias = action.StartsWith("lstm", StringComparison.Ordinal);
        long[] shape = isBias ? new long[] { 24 } : new long[] { 12, 10 };
        var policy = InitPolicy.Empty.ForName("w", action);
        foreach (var layout in new[] { ShardLayout.Replicated.SplitRows("w"), ShardLayout.Flat, isBias ? ShardLayout.Flat : ShardLayout.Replicated.SplitColumns("w") })
            Shards.AssertUnionIsWhole(() => new OneParam(shape, ScalarType.Float32), policy, layout, 4);
        using var meta = Shards.OnMeta(() => new OneParam(shape, ScalarType.Float32));
        using var state = meta.MaterializeShard(policy, InitEngine.Counter(1), ShardLayout.Flat, 1, 4);
        Assert.True(state["w"].ComputedWhole, "a coupled action says it computed the whole parameter");
    }

    [Fact]
    public void DiracOnConvColumnsIsComputedWholeAndSliced()
    {
        var policy = InitPolicy.Empty.ForName("**", "zeros_").ForName("conv.weight", "dirac_");
        Shards.AssertUnionIsWhole(() => new MixedModel(), policy, ConvColumns, 4);
    }

    [Theory]
    [InlineData("mamba_a_log()", new long[] { 6, 5 })]
    [InlineData("mamba_a_log()", new long[] { 7 })]
    [InlineData("blocks(3, mamba_a_log())", new long[] { 9, 4 })]
    [InlineData("mamba_dt_bias()", new long[] { 11 })]
    [InlineData("mamba_dt_weight(dt_scale=2)", new long[] { 10, 3 })]
    [InlineData("scaled(-3, uniform_(-1, 2))", new long[] { 5, 3, 2 })]
    [InlineData("trunc_normal_(mean=0.5, std=0.3, a=0, b=1)", new long[] { 6, 4 })]
    [InlineData("variance_scaling_(scale=2, mode='fan_avg')", new long[] { 4, 3, 5 })]
    [InlineData("constant_(0.25)", new long[] { 3, 3 })]
    public void LayerActionsShardExactly(string action, long[] shape)
    {
        var policy = InitPolicy.Empty.ForName("w", action);
        foreach (var layout in new[] { ShardLayout.Replicated.SplitRows("w"), ShardLayout.Flat })
            foreach (int world in new[] { 2, 3, 8 })
                Shards.AssertUnionIsWhole(() => new OneParam(shape, ScalarType.Float32), policy, layout, world);
        if (shape.Length > 1)
            Shards.AssertUnionIsWhole(() => new OneParam(shape, ScalarType.Float32), policy, ShardLayout.Replicated.SplitColumns("w"), 2);
    }

    [Fact]
    public void PaddingRowsAreZeroInEveryShard()
    {
        // An eager weight shows its padding row (found as ApplyInit finds it); a META weight is told it by name.
        var policy = InitPolicy.Transformer().ForLayer<TorchSharp.Modules.Conv2d>("zeros_");
        var engine = InitEngine.Counter(5);
        using var eager = new MixedModel(paddingIdx: 4);
        eager.ApplyInit(policy, engine);
        Assert.Equal(0, eager.embed.weight![4].abs().sum().item<float>());
        Shards.AssertUnionIsWhole(() => new MixedModel(paddingIdx: 4), policy, Megatron, 3, seed: 5, paddingRows: new Dictionary<string, long> { ["embed.weight"] = 4 });
        Shards.AssertUnionIsWhole(() => new MixedModel(paddingIdx: 4), policy, ShardLayout.Flat, 4, seed: 5, paddingRows: new Dictionary<string, long> { ["embed.weight"] = 4 });

        // Without the name, the META shards hold a drawn row 4: the row cannot be seen on META.
        using var meta = Shards.OnMeta(() => new MixedModel(paddingIdx: 4));
        using var state = meta.MaterializeShard(policy, engine, Megatron, 0, 1);
        Assert.NotEqual(0, state["embed.weight"].Local[4].abs().sum().item<float>());
        // An eager module's own zero row is found without being told.
        using var eager2 = new MixedModel(paddingIdx: 4);
        using var fromEager = eager2.MaterializeShard(policy, engine, Megatron, 0, 1);
        Assert.Equal(eager.embed.weight!.bytes.ToArray(), fromEager["embed.weight"].Local.bytes.ToArray());
    }

    [Fact]
    public void TiedWeightsShareOnePart()
    {
        var policy = InitPolicy.Transformer().ForLayer<TorchSharp.Modules.Conv2d>("zeros_");
        using var meta = Shards.OnMeta(() => new MixedModel(tied: true));
        using var state = meta.MaterializeShard(policy, InitEngine.Counter(2), Megatron, 1, 2);
        Assert.DoesNotContain(state.Parameters, p => p.Name == "head.weight");
        Assert.Same(state["embed.weight"], state["head.weight"]);
        Assert.Equal(new[] { "head.weight" }, state["embed.weight"].Aliases);
        Shards.AssertUnionIsWhole(() => new MixedModel(tied: true), policy, Megatron, 2);
    }

    [Fact]
    public void KeptParametersOfAnEagerModuleAreSlicedFromItsValues()
    {
        var policy = InitPolicy.Transformer().ForLayer<TorchSharp.Modules.Conv2d>("zeros_").Keep("up.*");
        using var eager = new MixedModel();
        var before = eager.up.weight.bytes.ToArray();
        var states = Enumerable.Range(0, 3).Select(r => eager.MaterializeShard(policy, InitEngine.Counter(1), Megatron, r, 3)).ToList();
        Assert.Equal("kept", states[0]["up.weight"].Action);
        Assert.Equal(before, Shards.Assemble(states)["up.weight"]);
        Assert.Equal(before, eager.up.weight.bytes.ToArray()); // the module is never written
        foreach (var s in states) s.Dispose();
    }

    [Fact]
    public void PolicyThatDoesNotFitThrowsBeforeAnyAllocation()
    {
        using var meta = Shards.OnMeta(() => new MixedModel());
        var policy = InitPolicy.Transformer().ForName("qkv.weight", "dirac_");
        long live = LiveTensorCount.OnThisThread;
        var e = Assert.Throws<InitPolicyException>(() => meta.MaterializeShard(policy, InitEngine.Counter(1), Megatron, 0, 2));
        Assert.Contains("qkv.weight [24, 8]", e.Message);
        Assert.Equal(live, LiveTensorCount.OnThisThread);
    }

    [Fact]
    public void LayoutThatDoesNotFitNamesEachParameter()
    {
        using var meta = Shards.OnMeta(() => new MixedModel());
        var layout = ShardLayout.Replicated.SplitColumns("**.bias");
        long live = LiveTensorCount.OnThisThread;
        var e = Assert.Throws<ArgumentException>(() => meta.MaterializeShard(InitPolicy.Transformer().ForLayer<TorchSharp.Modules.Conv2d>("zeros_"), InitEngine.Counter(1), layout, 0, 2));
        Assert.Contains("qkv.bias [24]: rule '**.bias' splits dim 1, which it does not have", e.Message);
        Assert.Contains("conv.bias [5]", e.Message);
        Assert.Equal(live, LiveTensorCount.OnThisThread);
    }

    [Fact]
    public void MetaParametersWithoutValuesAreAnError()
    {
        using var meta = Shards.OnMeta(() => new MixedModel());
        var policy = InitPolicy.Transformer().Keep("conv.*");
        var e = Assert.Throws<ArgumentException>(() => meta.MaterializeShard(policy, InitEngine.Counter(1), Megatron, 0, 2));
        Assert.Contains("conv.weight [5, 6, 3, 3]: kept", e.Message);
        Assert.Contains("a META parameter has no values to shard", e.Message);
        Assert.Contains("nothing was allocated", e.Message);
        var uncovered = Assert.Throws<ArgumentException>(() => meta.MaterializeShard(InitPolicy.Transformer(), InitEngine.Counter(1), Megatron, 0, 2));
        Assert.Contains("conv.weight [5, 6, 3, 3]: not covered by the policy", uncovered.Message);
    }

    [Fact]
    public void BadRanksAndPaddingRowsAreRefused()
    {
        using var meta = Shards.OnMeta(() => new MixedModel());
        var policy = InitPolicy.Transformer().ForLayer<TorchSharp.Modules.Conv2d>("zeros_");
        var engine = InitEngine.Counter(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => meta.MaterializeShard(policy, engine, Megatron, 2, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => meta.MaterializeShard(policy, engine, Megatron, -1, 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => meta.MaterializeShard(policy, engine, Megatron, 0, 0));
        var e = Assert.Throws<ArgumentException>(() => meta.MaterializeShard(policy, engine, Megatron, 0, 1,
            paddingRows: new Dictionary<string, long> { ["embed.weight"] = 13, ["nope"] = 0 }));
        Assert.Contains("padding row 13 for 'embed.weight' [13, 8]: must be a row of a 2-D weight", e.Message);
        Assert.Contains("padding row for 'nope': no such parameter", e.Message);
    }

    [Fact]
    public void GeneratorPathRefusesRandomActionsAndShardsDeterministicOnes()
    {
        using var meta = Shards.OnMeta(() => new MixedModel());
        var e = Assert.Throws<ArgumentException>(() => meta.MaterializeShard(InitPolicy.Transformer().ForLayer<TorchSharp.Modules.Conv2d>("zeros_"), (Generator?)null, Megatron, 0, 2));
        Assert.Contains("embed.weight [13, 8]: trunc_normal_(std=0.02) draws random numbers, and a torch Generator is sequential", e.Message);
        Assert.Contains("shard with an InitEngine", e.Message);

        var deterministic = InitPolicy.Empty.ForName("**", "ones_").ForName("qkv.weight", "blocks(3, eye_)").ForName("conv.weight", "dirac_");
        using var eager = new MixedModel();
        using var g = new Generator(1);
        eager.ApplyInit(deterministic, g);
        var states = Enumerable.Range(0, 3).Select(r => meta.MaterializeShard(deterministic, g, Megatron, r, 3)).ToList();
        var union = Shards.Assemble(states);
        foreach (var site in ModuleWalker.Sites(eager)) Assert.Equal(site.Parameter.bytes.ToArray(), union[site.QualifiedName]);
        foreach (var s in states) s.Dispose();
    }

    [Fact]
    public void TheModuleIsNotChangedAndStaysOnMeta()
    {
        using var meta = Shards.OnMeta(() => new MixedModel());
        using var state = meta.MaterializeShard(InitPolicy.Transformer().ForLayer<TorchSharp.Modules.Conv2d>("zeros_"), InitEngine.Counter(1), Megatron, 0, 2, device: CPU);
        Assert.All(meta.parameters(), p => Assert.Equal(DeviceType.META, p.device_type));
        Assert.All(state.Parameters, p => Assert.Equal(DeviceType.CPU, p.Local.device_type));
        Assert.Equal(state.Parameters.Sum(p => p.Local.numel() * p.Local.element_size()), state.Bytes);
        Assert.Equal(new long[] { 7, 8 }, state["embed.weight"].Local.shape); // 13 rows over 2 ranks: 7 and 6
        Assert.Equal(new long[] { 8, 5 }, state["down.weight"].Local.shape);
        Assert.Equal(ShardSpec.Replicated, state["conv.weight"].Spec);
    }
}
