using System;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using WeightInit.Deferred;
using WeightInit.Tests.Policy;
using WeightInit.Policy;
using Xunit;
using static TorchSharp.torch;
using static WeightInit.Tests.Deferred.DeferredModels;

namespace WeightInit.Tests.Deferred;

/// <summary>to_empty on models built on META (some through DeferredInit.Build, hence the collection).</summary>
[Collection(DeferredDefaultDeviceCollection.Name)]
public class ToEmptyTests
{
    static readonly Device Meta = META;

    [Fact]
    public void LinearForwardUsesTheNewWeightAndDtypeShapeAndFrozenAreKept()
    {
        using var lin = nn.Linear(3, 2, device: Meta, dtype: ScalarType.Float64);
        lin.bias!.requires_grad = false;
        lin.to_empty(CPU);
        Assert.Equal(DeviceType.CPU, lin.weight.device_type);
        Assert.Equal(ScalarType.Float64, lin.weight.dtype);
        Assert.Equal(new long[] { 2, 3 }, lin.weight.shape);
        Assert.True(lin.weight.requires_grad);
        Assert.False(lin.bias!.requires_grad);
        var named = lin.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        Assert.Same(lin.weight, named["weight"]);
        using (no_grad())
        {
            lin.weight.copy_(tensor(new double[] { 1, 2, 3, 4, 5, 6 }).view(2, 3));
            lin.bias.copy_(tensor(new double[] { 10, 20 }));
        }
        using var y = lin.forward(tensor(new double[] { 1, 1, 1 }).view(1, 3));
        Assert.Equal(new double[] { 16, 35 }, y.data<double>().ToArray());
    }

    [Fact]
    public void NativeEmbeddingGetsItsWeightThroughTheSetter()
    {
        using var emb = nn.Embedding(5, 2, device: Meta);
        emb.to_empty(CPU);
        using (no_grad()) emb.named_parameters().Single().parameter.copy_(arange(10, dtype: ScalarType.Float32).view(5, 2));
        using var y = emb.forward(tensor(new long[] { 3 }));
        Assert.Equal(new float[] { 6, 7 }, y.data<float>().ToArray());
        Assert.Equal(DeviceType.CPU, emb.weight!.device_type);
    }

    [Fact]
    public void TiedWeightsStayTiedInOneAllocation()
    {
        using var m = DeferredInit.Build(() => new DeferredGpt());
        AssertAllOn(m, DeviceType.META);
        m.to_empty(CPU);
        AssertAllOn(m, DeviceType.CPU);
        Assert.True(TensorIdentity.Same(m.wte.weight!, m.lm_head.weight));
        using (no_grad()) m.wte.weight!.fill_(3);
        Assert.All(m.lm_head.weight.data<float>().ToArray(), v => Assert.Equal(3f, v));
        // The head's forward reads the tied tensor: a zero bias-free head of 3s gives 3·sum(x) per logit.
        using var x = ones(1, 32);
        using var logits = m.lm_head.forward(x);
        Assert.All(logits.data<float>().ToArray(), v => Assert.Equal(96f, v));
        // One tensor under both names, as before (TorchSharp's named_parameters lists it twice; the walker once).
        Assert.Single(ModuleWalker.Sites(m), s => s.QualifiedName is "wte.weight" or "lm_head.weight");
    }

    [Fact]
    public void UserFieldsBuffersAndPersistenceFollow()
    {
        using var g = DeferredInit.Build(() => new DeferredGate(4, persistentMask: false));
        g.scale.requires_grad = false;
        g.to_empty(CPU);
        AssertAllOn(g, DeviceType.CPU);
        Assert.Same(g.scale, g.named_parameters().First(p => p.name == "scale").parameter);
        Assert.False(g.scale.requires_grad);
        Assert.Equal(DeviceType.CPU, g.mask.device_type);
        // TorchSharp's named_buffers() never lists a non-persistent buffer; it stays out of the state dict.
        Assert.DoesNotContain("mask", g.state_dict().Keys);
        using (no_grad()) { g.scale.fill_(2); g.mask.fill_(1); g.proj.weight.zero_(); g.proj.bias!.fill_(1); }
        using var y = g.forward(ones(1, 4));
        Assert.All(y.data<float>().ToArray(), v => Assert.Equal(2f, v));
    }

    [Fact]
    public void NestedContainersAndNormsAllMove()
    {
        using var m = DeferredInit.Build(Cnn);
        m.to_empty(CPU);
        AssertAllOn(m, DeviceType.CPU);
        var bn = (BatchNorm2d)((Sequential)m.named_children().First().module).named_children().ElementAt(1).module;
        Assert.Same(bn.running_mean, m.named_buffers().First(b => b.name == "features.1.running_mean").buffer);
        // A later .to(CPU) is a no-op and .to(META) really moves: the modules know their device.
        m.to(CPU);
        AssertAllOn(m, DeviceType.CPU);
    }

    [Fact]
    public void RecurseFalseMovesTheRootsOwnTensorsOnly()
    {
        using var g = DeferredInit.Build(() => new DeferredGate(4));
        g.to_empty(CPU, recurse: false);
        Assert.Equal(DeviceType.CPU, g.scale.device_type);
        Assert.Equal(DeviceType.CPU, g.mask.device_type);
        Assert.Equal(DeviceType.META, g.proj.weight.device_type);
    }

    [Fact]
    public void NativeLstmIsRefusedByNameAndNothingChanges()
    {
        using var m = new Box(("lin", nn.Linear(4, 4, device: Meta)), ("rnn", nn.LSTM(4, 5, device: Meta)));
        var e = Assert.Throws<NotSupportedException>(() => m.to_empty(CPU));
        Assert.Contains("rnn.weight_ih_l0 (LSTM, on meta)", e.Message);
        Assert.Contains("rnn.bias_hh_l0 (LSTM, on meta)", e.Message);
        Assert.Contains("pass device:", e.Message);
        Assert.DoesNotContain("lin.weight", e.Message);
        AssertAllOn(m, DeviceType.META);
    }

    /// <summary>The way out the refusal gives: an LSTM built on the device keeps its storage (the same tensors), and
    /// the META layers around it get theirs.</summary>
    [Fact]
    public void NativeLstmBuiltOnTheDeviceKeepsItsStorage()
    {
        using var m = new Box(("lin", nn.Linear(4, 4, device: Meta)), ("rnn", nn.LSTM(4, 5, device: CPU)));
        var before = m.named_parameters().Where(x => x.name.StartsWith("rnn.", StringComparison.Ordinal))
            .ToDictionary(x => x.name, x => TensorIdentity.Of(x.parameter));
        m.to_empty(CPU);
        AssertAllOn(m, DeviceType.CPU);
        foreach (var (name, p) in m.named_parameters().Where(x => x.name.StartsWith("rnn.", StringComparison.Ordinal)))
            Assert.Equal(before[name], TensorIdentity.Of(p));
    }

    [Fact]
    public void NullArgumentsThrow()
    {
        using var lin = nn.Linear(2, 2, device: Meta);
        Assert.Throws<ArgumentNullException>(() => ((nn.Module)null!).to_empty(CPU));
        Assert.Throws<ArgumentNullException>(() => lin.to_empty(null!));
    }
}
