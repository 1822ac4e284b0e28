using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using WeightInit.Deferred;
using WeightInit.Engine;
using WeightInit.Policy;
using WeightInit.Tests.Policy;
using Xunit;
using static TorchSharp.torch;
using static WeightInit.Tests.Deferred.DeferredModels;

namespace WeightInit.Tests.Deferred;

[Collection(DeferredDefaultDeviceCollection.Name)]
public class MaterializeTests
{
    static InitEngine Engine => InitEngine.Counter(7);

    /// <summary>Eager build + ApplyInit(policy, engine) and Build + Materialize(policy, engine) give the same bytes in
    /// every parameter and buffer, and the same forward output.</summary>
    static void AssertMatchesEager<T>(Func<T> build, InitPolicy policy, Tensor input) where T : nn.Module<Tensor, Tensor>
    {
        using var eager = build();
        eager.ApplyInit(policy, Engine);
        using var deferred = DeferredInit.Build(build);
        AssertAllOn(deferred, DeviceType.META);
        var report = deferred.Materialize(policy, Engine);
        AssertAllOn(deferred, DeviceType.CPU);
        AssertSameBytes(Bytes(eager), Bytes(deferred));
        eager.eval(); deferred.eval();
        using var a = eager.forward(input);
        using var b = deferred.forward(input);
        Assert.True(a.bytes.ToArray().AsSpan().SequenceEqual(b.bytes.ToArray()), "forward outputs differ");
        Assert.All(report.Entries.Where(e => e.Outcome != InitOutcome.Tied), e => Assert.Equal(InitOutcome.Initialized, e.Outcome));
        Assert.All(report.Entries, e => Assert.Null(e.Std)); // no statistics pass by default
    }

    [Fact]
    public void SmallTransformerWithFusedQkvAndTiedHeadMatchesEagerPlusApplyInit()
    {
        using var idx = tensor(new long[] { 1, 5, 9, 63, 0, 2, 2, 7 }).view(2, 4);
        AssertMatchesEager(() => new DeferredGpt(), InitPolicy.Transformer(std: 0.02, nLayer: 2).Then(InitPolicy.XavierAttention()), idx);
    }

    [Fact]
    public void CnnWithBatchNormMatchesEagerPlusApplyInit()
    {
        using var g = new Generator(3);
        using var x = randn(new long[] { 2, 3, 6, 6 }, generator: g);
        AssertMatchesEager(Cnn, InitPolicy.TorchDefaults().Then(InitPolicy.Cnn()), x);
    }

    [Fact]
    public void TiedEmbeddingAndHeadStayTiedAfterMaterialize()
    {
        using var m = DeferredInit.Build(() => new DeferredGpt());
        var report = m.Materialize(InitPolicy.Transformer(), Engine);
        Assert.Equal(InitOutcome.Tied, report["lm_head.weight"].Outcome);
        Assert.True(TensorIdentity.Same(m.wte.weight!, m.lm_head.weight));
        Assert.Equal("cpu", report["wte.weight"].Device.ToLowerInvariant());
    }

    [Fact]
    public void BatchNormRunningStatsGetPyTorchsDefaultsEvenWithoutAffineParameters()
    {
        using var m = DeferredInit.Build(() => nn.Sequential(("conv", nn.Conv2d(1, 2, 1)), ("bn", nn.BatchNorm2d(2, affine: false))));
        m.Materialize(InitPolicy.TorchDefaults(), Engine);
        var buffers = m.named_buffers().ToDictionary(b => b.name, b => b.buffer);
        Assert.Equal(new float[] { 0, 0 }, buffers["bn.running_mean"].data<float>().ToArray());
        Assert.Equal(new float[] { 1, 1 }, buffers["bn.running_var"].data<float>().ToArray());
        Assert.Equal(0L, buffers["bn.num_batches_tracked"].item<long>());
    }

    [Fact]
    public void APolicyThatDoesNotFitThrowsBeforeAnythingIsAllocated()
    {
        using var m = DeferredInit.Build(() => new DeferredGpt());
        var e = Assert.Throws<InitPolicyException>(() => m.Materialize(InitPolicy.Transformer().ForName("h.0.c_attn.weight", "dirac_"), Engine));
        Assert.Contains("h.0.c_attn.weight", e.Message);
        AssertAllOn(m, DeviceType.META);
    }

    [Fact]
    public void UncoveredAndKeptParametersAreNamedUnlessProvided()
    {
        using var m = DeferredInit.Build(() => new DeferredGate(4));
        var policy = InitPolicy.Empty.ForName("proj.weight", "xavier_uniform_").Keep("proj.bias");
        var opts = new MaterializeOptions { Buffers = new Dictionary<string, Action<Tensor>> { ["mask"] = t => t.fill_(1) } };
        var e = Assert.Throws<InitPolicyException>(() => m.Materialize(policy, Engine, options: opts));
        Assert.Contains("scale [4] Float32: no rule covers it", e.Message);
        Assert.Contains("proj.bias [4] Float32: kept (#2", e.Message);
        Assert.DoesNotContain("proj.weight", e.Message);
        AssertAllOn(m, DeviceType.META);

        var report = m.Materialize(policy, Engine, options: opts with { Provided = new[] { "scale", "proj.bias" } });
        AssertAllOn(m, DeviceType.CPU);
        Assert.Equal(InitOutcome.Kept, report["scale"].Outcome);
        Assert.Equal("provided (loaded from a checkpoint)", report["proj.bias"].Rule);
        Assert.Equal(InitOutcome.Initialized, report["proj.weight"].Outcome);
        Assert.All(m.mask.data<float>().ToArray(), v => Assert.Equal(1f, v));
    }

    [Fact]
    public void AUserBufferNeedsAnInitializerNamedBeforeAnyAllocation()
    {
        using var m = DeferredInit.Build(() => new DeferredGate(3));
        var policy = InitPolicy.TorchDefaults().ForName("scale", "ones_");
        var e = Assert.Throws<InitPolicyException>(() => m.Materialize(policy, Engine));
        Assert.Contains("buffer mask [3] Float32: no initializer", e.Message);
        Assert.Single(e.Problems);
        AssertAllOn(m, DeviceType.META);

        var bad = new MaterializeOptions { Buffers = new Dictionary<string, Action<Tensor>> { ["maks"] = t => t.zero_() } };
        var unknown = Assert.Throws<ArgumentException>(() => m.Materialize(policy, Engine, options: bad));
        Assert.Contains("maks", unknown.Message);
        var typo = Assert.Throws<ArgumentException>(() => m.Materialize(policy, Engine, options: new MaterializeOptions { Provided = new[] { "sclae" } }));
        Assert.Contains("sclae", typo.Message);
        AssertAllOn(m, DeviceType.META);

        m.Materialize(policy, Engine, options: new MaterializeOptions { Buffers = new Dictionary<string, Action<Tensor>> { ["mask"] = t => t.fill_(0.5) } });
        Assert.Equal(new float[] { 0.5f, 0.5f, 0.5f }, m.mask.data<float>().ToArray());
        Assert.Equal(new float[] { 1, 1, 1 }, m.scale.data<float>().ToArray());
    }

    [Fact]
    public void ANonPersistentBufferIsNotMissed()
    {
        // TorchSharp's named_buffers() hides non-persistent buffers; they must still get storage and values.
        using var m = DeferredInit.Build(() => new DeferredGate(2, persistentMask: false));
        var policy = InitPolicy.TorchDefaults().ForName("scale", "ones_");
        var e = Assert.Throws<InitPolicyException>(() => m.Materialize(policy, Engine));
        Assert.Contains("buffer mask [2]", e.Message);
        m.Materialize(policy, Engine, options: new MaterializeOptions { Buffers = new Dictionary<string, Action<Tensor>> { ["mask"] = t => t.fill_(2) } });
        Assert.Equal(DeviceType.CPU, m.mask.device_type);
        Assert.Equal(new float[] { 2, 2 }, m.mask.data<float>().ToArray());
    }

    /// <summary>An LSTM (its tensors native, so never on META) built with device: CPU inside Build is filled in place
    /// while the META layers around it are allocated: the same bits as the eager model + ApplyInit, and its forward
    /// runs on the values.</summary>
    [Fact]
    public void ANativeLayerBuiltOnTheDeviceIsFilledInPlace()
    {
        nn.Module Model(Device? lstmDevice) => new Box(("emb", nn.Embedding(10, 4)), ("lstm", nn.LSTM(4, 5, device: lstmDevice)), ("head", nn.Linear(5, 3)));
        var policy = InitPolicy.TorchDefaults().Then(InitPolicy.Rnn());
        using var eager = Model(null);
        eager.ApplyInit(policy, Engine);
        using var mixed = DeferredInit.Build(() => Model(CPU));
        Assert.Equal(DeviceType.CPU, mixed.get_parameter("lstm.weight_hh_l0")!.device_type);
        Assert.Equal(DeviceType.META, mixed.get_parameter("head.weight")!.device_type);
        var report = mixed.Materialize(policy, Engine);
        AssertAllOn(mixed, DeviceType.CPU);
        Assert.All(report.Entries, e => Assert.Equal(InitOutcome.Initialized, e.Outcome));
        AssertSameBytes(Bytes(eager), Bytes(mixed));
        using var x = ones(3, 1, 4);
        using var a = ((nn.Module<Tensor, (Tensor, Tensor)?, (Tensor, Tensor, Tensor)>)eager.named_children().First(c => c.name == "lstm").module).call(x, null).Item1;
        using var b = ((nn.Module<Tensor, (Tensor, Tensor)?, (Tensor, Tensor, Tensor)>)mixed.named_children().First(c => c.name == "lstm").module).call(x, null).Item1;
        Assert.True(a.bytes.ToArray().AsSpan().SequenceEqual(b.bytes.ToArray()), "the LSTM's outputs differ");
    }

    /// <summary>An LSTM left on META is refused by name before anything is allocated, and the message says how to
    /// build it.</summary>
    [Fact]
    public void ANativeLayerOnMetaIsRefusedWithTheWayOut()
    {
        using var m = DeferredInit.Build(() => new Box(("lstm", nn.LSTM(4, 5)), ("head", nn.Linear(5, 3))));
        var e = Assert.Throws<NotSupportedException>(() => m.Materialize(InitPolicy.TorchDefaults(), Engine));
        Assert.Contains("lstm.weight_ih_l0", e.Message, StringComparison.Ordinal);
        Assert.Contains("pass device:", e.Message, StringComparison.Ordinal);
        AssertAllOn(m, DeviceType.META);
    }

    [Fact]
    public void AModelWithStorageIsRefused()
    {
        using var lin = nn.Linear(2, 2);
        var before = lin.weight.data<float>().ToArray();
        var e = Assert.Throws<ArgumentException>(() => lin.Materialize(InitPolicy.TorchDefaults(), Engine));
        Assert.Contains("weight (cpu", e.Message.ToLowerInvariant());
        Assert.Equal(before, lin.weight.data<float>().ToArray());
    }

    [Fact]
    public void StatisticsOnRequestComeWithTheReport()
    {
        using var m = DeferredInit.Build(() => nn.Linear(64, 64));
        var r = m.Materialize(InitPolicy.Transformer(), Engine, options: new MaterializeOptions { Statistics = true });
        Assert.InRange(r["weight"].Std!.Value, 0.015, 0.025);
        Assert.Equal(0.0, r["bias"].Std!.Value);
    }

    [CudaFact]
    public void CudaMaterializeEqualsCpuMaterialize()
    {
        using var cpu = DeferredInit.Build(() => new DeferredGpt());
        cpu.Materialize(InitPolicy.Transformer(), Engine);
        using var gpu = DeferredInit.Build(() => new DeferredGpt());
        var r = gpu.Materialize(InitPolicy.Transformer(), Engine, CUDA);
        AssertAllOn(gpu, DeviceType.CUDA);
        Assert.StartsWith("cuda", r["wte.weight"].Device.ToLowerInvariant());
        AssertSameBytes(Bytes(cpu), Bytes(gpu));
    }
}

/// <summary>The generator path: after torch.manual_seed(s), Materialize(TorchDefaults) draws in named_parameters()
/// order, which for these models is their construction order, so it equals TorchSharp's eager constructors.</summary>
[Collection(GlobalRngCollection.Name)]
public class MaterializeGlobalRngTests
{
    static void AssertEqualsEagerConstructors(Func<nn.Module> build)
    {
        manual_seed(1234);
        using var eager = build();
        var deferred = DeferredInit.Build(build);
        manual_seed(1234);
        deferred.Materialize(InitPolicy.TorchDefaults());
        AssertSameBytes(Bytes(eager), Bytes(deferred));
        deferred.Dispose();
    }

    [Fact]
    public void LinearStack() => AssertEqualsEagerConstructors(() => nn.Sequential(nn.Linear(8, 16), nn.ReLU(), nn.Linear(16, 4), nn.Linear(4, 4, hasBias: false)));

    [Fact]
    public void ConvAndBatchNorm() => AssertEqualsEagerConstructors(() => nn.Sequential(nn.Conv2d(3, 6, 3), nn.BatchNorm2d(6), nn.Conv1d(2, 2, 1)));

    [Fact]
    public void EmbeddingThenLinear() => AssertEqualsEagerConstructors(() => nn.Sequential(nn.Embedding(20, 6), nn.Linear(6, 3)));
}
