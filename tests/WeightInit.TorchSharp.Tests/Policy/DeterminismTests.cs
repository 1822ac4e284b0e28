using System.Linq;
using System;
using TorchSharp.Modules;
using WeightInit.Policy;
using WeightInit.Schemes;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static WeightInit.Tests.Policy.PolicyTestHelpers;

namespace WeightInit.Tests.Policy;

/// <summary>A seed gives the same model; parameters are visited in PyTorch's named_parameters order (depth-first,
/// a module's own parameters before its children's), so appending a module leaves earlier values as they were.</summary>
public class DeterminismTests
{
    static InitPolicy Policy => InitPolicy.TorchDefaults().Then(InitPolicy.XavierAttention()).Then(InitPolicy.Rnn());

    static Box Net(bool extra = false)
    {
        var children = new (string, Module)[]
        {
            ("emb", Embedding(20, 8)), ("attn", MultiheadAttention(8, 2)), ("lstm", LSTM(8, 8)), ("fc", Linear(8, 8)),
        };
        return new Box(extra ? children.Append(("later", Linear(8, 8))).ToArray() : children);
    }

    [Fact]
    public void SameSeedSameModel()
    {
        using var a = Net();
        using var b = Net();
        using (var g = Gen(42)) a.ApplyInit(Policy, g);
        using (var g = Gen(42)) b.ApplyInit(Policy, g);
        AssertSame(Snapshot(a), Snapshot(b));
        using (var g = Gen(43)) b.ApplyInit(Policy, g);
        Assert.NotEqual(Snapshot(a)["fc.weight"], Snapshot(b)["fc.weight"]);
    }

    [Fact]
    public void AppendedModuleDoesNotChangeEarlierValues()
    {
        using var a = Net();
        using var b = Net(extra: true);
        using (var g = Gen(42)) a.ApplyInit(Policy, g);
        using (var g = Gen(42)) b.ApplyInit(Policy, g);
        var sa = Snapshot(a);
        var sb = Snapshot(b);
        foreach (var (name, v) in sa) Assert.True(v.SequenceEqual(sb[name]), $"{name} changed when a later module was added");
    }

    /// <summary>Registers a child before its own parameter; PyTorch still lists the own parameter first.</summary>
    public sealed class Outer : Module
    {
        public Outer() : base(nameof(Outer))
        {
            register_module("body", Sequential(("a", Linear(3, 3)), ("inner", Sequential(("b", Linear(3, 3)))), ("c", Linear(3, 3))));
            register_parameter("scale", new Parameter(zeros(3, 3)));
        }
    }

    [Fact]
    public void VisitingOrderIsNamedParametersOrder()
    {
        using var m = new Outer();
        using var g = Gen(8);
        var r = m.ApplyInit(InitPolicy.Empty.ForParam("**", InitScheme.Normal()), g);
        string[] order = { "scale", "body.a.weight", "body.a.bias", "body.inner.b.weight", "body.inner.b.bias", "body.c.weight", "body.c.bias" };
        Assert.Equal(order, r.Entries.Select(e => e.Name));

        // The values are the draws from one generator in exactly that order.
        var s = Snapshot(m);
        using var g2 = Gen(8);
        foreach (var name in order)
        {
            using var t = empty(name == "scale" || name.EndsWith("weight", StringComparison.Ordinal) ? new long[] { 3, 3 } : new long[] { 3 });
            InitScheme.Normal().Apply(t, g2);
            Assert.Equal(Values(t), s[name]);
        }
    }

    [Fact]
    public void TiedParameterIsVisitedOnce()
    {
        var fc = Linear(3, 3);
        using var m = new Box(("first", fc), ("second", Sequential(("again", fc))));
        var r = m.ApplyInit(InitPolicy.Empty.ForParam("**", "ones_"));
        // Written once, under the first name; the second name is reported as tied to it.
        Assert.Equal(new[] { "first.weight", "first.bias" }, r.Entries.Where(e => e.Outcome == InitOutcome.Initialized).Select(e => e.Name));
        Assert.Equal(new[] { ("second.again.weight", "first.weight"), ("second.again.bias", "first.bias") },
            r.Entries.Where(e => e.Outcome == InitOutcome.Tied).Select(e => (e.Name, e.TiedTo!)));
    }
}
