using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Deferred;

// Tests that call DeferredInit.Build change TorchSharp's process-wide default device while the constructor runs, so
// they must never run beside another test class (a tensor made meanwhile without a device would land on META).
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class DeferredDefaultDeviceCollection
{
    public const string Name = "deferred init: process-wide default device";
}

/// <summary>A user module: a Parameter field, a persistent and a non-persistent buffer, and a child Linear.</summary>
internal sealed class DeferredGate : nn.Module<Tensor, Tensor>
{
    public Parameter scale;
    public Tensor mask;
    public Linear proj;

    public DeferredGate(long d, bool persistentMask = true) : base(nameof(DeferredGate))
    {
        scale = nn.Parameter(ones(d));
        mask = ones(d);
        proj = nn.Linear(d, d);
        register_parameter("scale", scale);
        register_buffer("mask", mask, persistentMask);
        register_module("proj", proj);
    }

    public override Tensor forward(Tensor x) => proj.forward(x) * scale * mask;
}

/// <summary>GPT-2 in small: token and position embeddings, blocks with a fused QKV Linear (c_attn), causal
/// attention, MLP, final norm and a head tied to the token embedding.</summary>
internal sealed class DeferredGpt : nn.Module<Tensor, Tensor>
{
    readonly long heads;
    public Embedding wte, wpe;
    public ModuleList<DeferredGptBlock> h;
    public LayerNorm ln_f;
    public Linear lm_head;

    public DeferredGpt(long vocab = 64, long ctx = 16, long d = 32, long layers = 2, long heads = 4) : base(nameof(DeferredGpt))
    {
        this.heads = heads;
        wte = nn.Embedding(vocab, d);
        wpe = nn.Embedding(ctx, d);
        h = nn.ModuleList(Enumerable.Range(0, (int)layers).Select(_ => new DeferredGptBlock(d, heads)).ToArray());
        ln_f = nn.LayerNorm(d);
        lm_head = nn.Linear(d, vocab, hasBias: false);
        lm_head.weight = wte.weight!;
        RegisterComponents();
    }

    public override Tensor forward(Tensor idx)
    {
        using var scope = NewDisposeScope();
        var pos = arange(idx.shape[1], device: idx.device);
        var x = wte.forward(idx) + wpe.forward(pos);
        foreach (var block in h) x = block.forward(x);
        return lm_head.forward(ln_f.forward(x)).MoveToOuterDisposeScope();
    }
}

internal sealed class DeferredGptBlock : nn.Module<Tensor, Tensor>
{
    readonly long heads;
    public LayerNorm ln_1, ln_2;
    public Linear c_attn, c_proj, c_fc, mlp_proj;

    public DeferredGptBlock(long d, long heads) : base(nameof(DeferredGptBlock))
    {
        this.heads = heads;
        ln_1 = nn.LayerNorm(d);
        c_attn = nn.Linear(d, 3 * d);
        c_proj = nn.Linear(d, d);
        ln_2 = nn.LayerNorm(d);
        c_fc = nn.Linear(d, 4 * d);
        mlp_proj = nn.Linear(4 * d, d);
        RegisterComponents();
    }

    public override Tensor forward(Tensor x)
    {
        long b = x.shape[0], t = x.shape[1], d = x.shape[2];
        var qkv = c_attn.forward(ln_1.forward(x)).view(b, t, 3, heads, d / heads).permute(2, 0, 3, 1, 4);
        var y = nn.functional.scaled_dot_product_attention(qkv[0], qkv[1], qkv[2], is_casual: true);
        x = x + c_proj.forward(y.transpose(1, 2).reshape(b, t, d));
        return x + mlp_proj.forward(nn.functional.gelu(c_fc.forward(ln_2.forward(x))));
    }
}

internal static class DeferredModels
{
    /// <summary>Conv + BatchNorm + Linear, nested in a ModuleDict and Sequential.</summary>
    public static Sequential Cnn() => nn.Sequential(
        ("features", nn.Sequential(nn.Conv2d(3, 8, 3, padding: 1), nn.BatchNorm2d(8), nn.ReLU(), nn.Conv2d(8, 4, 3), nn.BatchNorm2d(4))),
        ("flatten", nn.Flatten()),
        ("head", nn.Linear(4 * 4 * 4, 5)));

    /// <summary>Every parameter and buffer, as raw bytes, by qualified name.</summary>
    public static Dictionary<string, byte[]> Bytes(nn.Module m)
    {
        var result = new Dictionary<string, byte[]>();
        foreach (var (name, t) in m.state_dict()) result[name] = t.detach().cpu().contiguous().bytes.ToArray();
        return result;
    }

    public static void AssertSameBytes(Dictionary<string, byte[]> expected, Dictionary<string, byte[]> actual)
    {
        Assert.Equal(expected.Keys.OrderBy(k => k, StringComparer.Ordinal), actual.Keys.OrderBy(k => k, StringComparer.Ordinal));
        foreach (var (name, want) in expected) Assert.True(want.AsSpan().SequenceEqual(actual[name]), $"{name} differs");
    }

    public static void AssertAllOn(nn.Module m, DeviceType device)
    {
        foreach (var (name, p) in m.named_parameters()) Assert.True(p.device_type == device, $"{name} is on {p.device}");
        foreach (var (name, b) in m.named_buffers()) Assert.True(b.device_type == device, $"buffer {name} is on {b.device}");
    }
}
