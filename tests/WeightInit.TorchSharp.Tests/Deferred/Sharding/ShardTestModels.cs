using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using WeightInit.Deferred;
using WeightInit.Engine;
using WeightInit.Policy;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Deferred.Sharding;

/// <summary>A module holding one parameter of any shape, named <c>w</c>.</summary>
internal sealed class OneParam : nn.Module
{
    public Parameter w;

    public OneParam(long[] shape, ScalarType dtype) : base(nameof(OneParam))
    {
        w = nn.Parameter(empty(shape, dtype: dtype));
        RegisterComponents();
    }
}

/// <summary>A small mixed model: fused QKV, an MLP with biases, an embedding, a tied head, a 4-D conv.</summary>
internal sealed class MixedModel : nn.Module
{
    public Embedding embed;
    public Linear qkv, up, down;
    public Conv2d conv;
    public Linear head;

    public MixedModel(bool tied = false, ScalarType dtype = ScalarType.Float32, long? paddingIdx = null) : base(nameof(MixedModel))
    {
        embed = nn.Embedding(13, 8, padding_idx: paddingIdx, dtype: dtype);
        qkv = nn.Linear(8, 24, dtype: dtype);
        up = nn.Linear(8, 10, dtype: dtype);
        down = nn.Linear(10, 8, dtype: dtype);
        conv = nn.Conv2d(6, 5, 3, dtype: dtype);
        head = nn.Linear(8, 13, hasBias: false, dtype: dtype);
        RegisterComponents();
        if (tied) head.weight = embed.weight!;
    }
}

internal static class Shards
{
    /// <summary>Runs the constructor with META as the default device, restoring the previous one.</summary>
    internal static T OnMeta<T>(Func<T> make) where T : nn.Module => WeightInit.Deferred.DeferredInit.Build(make);

    /// <summary>Puts every rank's parts back together: each element must be covered by exactly one rank (or every
    /// rank holds the whole, identically); returns name → the assembled tensor's bytes.</summary>
    internal static Dictionary<string, byte[]> Assemble(IReadOnlyList<ShardedState> states)
    {
        var result = new Dictionary<string, byte[]>();
        foreach (var first in states[0].Parameters)
        {
            long[] full = first.FullShape;
            using var scope = NewDisposeScope();
            if (first.Spec.Kind == ShardKind.Replicated)
            {
                var bytes = first.Local.bytes.ToArray();
                foreach (var s in states) Assert.Equal(bytes, s[first.Name].Local.bytes.ToArray());
                result[first.Name] = bytes;
                continue;
            }
            var whole = zeros(full, first.DType).view(-1);
            var covered = zeros(whole.shape, ScalarType.Int32);
            foreach (var s in states)
            {
                var p = s[first.Name];
                Assert.Equal(p.Spec.LocalShape(full), p.Local.shape);
                var local = p.Local.reshape(-1);
                foreach (var run in p.Spec.Runs(full))
                {
                    whole.narrow(0, run.Global, run.Length).copy_(local.narrow(0, run.Local, run.Length));
                    covered.narrow(0, run.Global, run.Length).add_(1);
                }
            }
            Assert.True(covered.eq(1).all().item<bool>(), $"{first.Name}: every element must be in exactly one shard");
            result[first.Name] = whole.bytes.ToArray();
        }
        return result;
    }

    /// <summary>Every rank's state of a META build, the union, compared with ApplyInit on an eager build.</summary>
    internal static void AssertUnionIsWhole(Func<nn.Module> make, InitPolicy policy, ShardLayout layout, int world, ulong seed = 7,
        IReadOnlyDictionary<string, long>? paddingRows = null)
    {
        var engine = InitEngine.Counter(seed);
        using var eager = make();
        eager.ApplyInit(policy, engine);
        using var meta = OnMeta(make);
        var states = Enumerable.Range(0, world).Select(r => meta.MaterializeShard(policy, engine, layout, r, world, paddingRows: paddingRows)).ToList();
        try
        {
            var union = Assemble(states);
            foreach (var site in ModuleWalker.Sites(eager))
                Assert.True(union[site.QualifiedName].SequenceEqual(site.Parameter.bytes.ToArray()),
                    $"{site.QualifiedName} {states[0][site.QualifiedName].Spec}: union of {world} shards differs from ApplyInit");
            Assert.Equal(ModuleWalker.Sites(eager).Count, states[0].Parameters.Count);
        }
        finally
        {
            foreach (var s in states) s.Dispose();
        }
    }
}
