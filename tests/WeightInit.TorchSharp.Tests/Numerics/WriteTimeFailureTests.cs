using System;
using System.Linq;
using System.Threading.Tasks;
using TorchSharp;
using WeightInit.Sampling;
using WeightInit.Engine;
using WeightInit.Policy;
using WeightInit.Policy.Actions;
using WeightInit.Schemes;
using WeightInit.Tests.Policy;
using Xunit;
using static TorchSharp.torch;
using static WeightInit.Tests.Numerics.NumericsTestHelpers;
using static WeightInit.Tests.Policy.PolicyTestHelpers;

namespace WeightInit.Tests.Numerics;

/// <summary>Everything that used to pass validation and then fail while writing (a raw ExternalException from
/// libtorch mid-write, an index error, a silent no-op) is now an ArgumentException before the first write, or is
/// handled; counters and stream keys cannot wrap or collide.</summary>
public class WriteTimeFailureTests
{
    // ---- constant_: fill_'s representability check --------------------------------------------------------------

    [Fact]
    public void ConstantMustBeRepresentableInTheDtype()
    {
        using var h = Sentinel(new long[] { 3, 4 }, ScalarType.Float16);
        Rejects(h, () => h.constant_(100000), "value cannot be converted to type c10::Half without overflow");
        Rejects(h, () => h.constant_(65519), "c10::Half"); // PyTorch compares with 65504, before rounding
        using var u = Sentinel(new long[] { 3, 4 }, ScalarType.Byte);
        Rejects(u, () => u.constant_(-3), "value cannot be converted to type uint8_t without overflow");
        Rejects(u, () => u.constant_(300), "value cannot be converted to type uint8_t without overflow");
        using var i = Sentinel(new long[] { 3 }, ScalarType.Int32);
        Rejects(i, () => i.constant_(3e9), "value cannot be converted to type int without overflow");
        using var l = Sentinel(new long[] { 3 }, ScalarType.Int64);
        Rejects(l, () => l.constant_(9223372036854775808.0), "int64_t");
        using var f = Sentinel(new long[] { 3 });
        Rejects(f, () => f.constant_(1e39), "value cannot be converted to type float without overflow");
        using var b = Sentinel(new long[] { 3 }, ScalarType.BFloat16);
        Rejects(b, () => b.constant_(3.4e38), "c10::BFloat16");
        Assert.Contains("c10::Half", Assert.ThrowsAny<ArgumentException>(() => InitScheme.Constant(1e5).Validate(new long[] { 2 }, ScalarType.Float16)).Message);

        // What fits is written: fractions truncate on integer dtypes, bool takes anything, the limits themselves fit.
        u.constant_(254.7);
        Assert.All(NumericsTestHelpers.Values(u), x => Assert.Equal(254, x));
        Rejects(u, () => u.constant_(255.5), "uint8_t"); // PyTorch compares the double with 255 before truncating
        using var flag = Sentinel(new long[] { 3 }, ScalarType.Bool);
        flag.constant_(1e300);
        Assert.All(NumericsTestHelpers.Values(flag), x => Assert.Equal(1, x));
        h.constant_(-65504);
        Assert.All(NumericsTestHelpers.Values(h), x => Assert.Equal(-65504, x));
        // A zero-element tensor is a no-op, whatever the value.
        using var none = empty(0, 3, ScalarType.Byte);
        none.constant_(1e9);
    }

    // ---- expand()ed targets ------------------------------------------------------------------------------------

    const string Overlap = "unsupported operation: more than one element of the written-to tensor refers to a single memory location. Please clone() the tensor before performing the operation.";

    [Fact]
    public void ExpandedTensorsAreRejectedBeforeAnyWrite()
    {
        using var g = new Generator(1);
        using var row = Sentinel(new long[] { 1, 4 });
        using var expanded = row.expand(3, 4);
        foreach (var scheme in new[] { InitScheme.Uniform(), InitScheme.Normal(), InitScheme.XavierUniform(), InitScheme.Constant(2), InitScheme.Eye })
        {
            Rejects(row, () => scheme.Apply(expanded, g), Overlap);
            Rejects(row, () => scheme.Apply(expanded, InitEngine.Counter(1).Stream("w")), Overlap);
        }
        Rejects(row, () => InitScheme.Normal().ApplyShard(expanded, new long[] { 6, 4 }, 0, InitEngine.Counter(1).Stream("w")), Overlap);
        // Two dims with one stride: the same memory twice, though no stride is 0.
        using var flat = Sentinel(new long[] { 8 });
        using var twice = flat.as_strided(new long[] { 2, 2 }, new long[] { 1, 1 });
        Rejects(flat, () => InitScheme.Zeros.Apply(twice), Overlap);
        using var thrice = flat.as_strided(new long[] { 3, 2 }, new long[] { 1, 2 }); // element (2, 0) is (0, 1)
        Rejects(flat, () => InitScheme.Zeros.Apply(thrice), Overlap);
    }

    [Fact]
    public void NonOverlappingViewsAreStillFilled()
    {
        using var g = new Generator(1);
        using var t = zeros(6, 4);
        using var tr = t.t();
        InitScheme.Ones.Apply(tr, g);
        Assert.All(NumericsTestHelpers.Values(t), x => Assert.Equal(1, x));
        using var strided = t.as_strided(new long[] { 3, 2 }, new long[] { 8, 3 }); // sorted strides leave gaps, no overlap
        InitScheme.Constant(5).Apply(strided);
        Assert.Equal(6, NumericsTestHelpers.Values(t).Count(x => x == 5));
        using var one = zeros(1, 4).expand(1, 4); // stride 0 on a dim of size 1: no two elements meet
        InitScheme.Ones.Apply(one);
        WeightInit.Sampling.Check.NoInternalOverlap(zeros(5, 0).expand(5, 0)); // nothing to write
    }

    // ---- actions: validated against the dtype, before any write -------------------------------------------------

    [Fact]
    public void LstmForgetBiasBeyondHalfIsAPolicyErrorAndNothingChanges()
    {
        // Before: the bias was zeroed, then fill_ threw.
        using var m = new Box(("lstm", nn.LSTM(2, 3)));
        m.to(ScalarType.Float16);
        var before = Snapshot(m);
        var e = Assert.Throws<InitPolicyException>(() => m.ApplyInit(InitPolicy.Empty.ForParam("bias_ih_l0", "lstm_forget_bias(value=100000)"), Gen()));
        Assert.Contains("lstm.bias_ih_l0", e.Message);
        Assert.Contains("value cannot be converted to type c10::Half without overflow", Assert.Single(e.Problems));
        AssertSame(before, Snapshot(m));
    }

    [Fact]
    public void ScaledBeyondTheDtypeIsAPolicyErrorAndNothingChanges()
    {
        using var m = new Box(("fc", nn.Linear(8, 8)), ("head", nn.Linear(8, 8)));
        var before = Snapshot(m);
        foreach (var action in new[] { "scaled(1e38, xavier_uniform_(gain=10))", "scaled(1e37, normal_(std=10))", "scaled(1e39, zeros_)", "scaled(1e300, normal_(std=1))" })
        {
            var policy = InitPolicy.Empty.ForName("fc.weight", "xavier_uniform_").ForName("head.weight", action);
            var e = Assert.Throws<InitPolicyException>(() => m.ApplyInit(policy, Gen()));
            Assert.Contains("head.weight", Assert.Single(e.Problems));
            AssertSame(before, Snapshot(m));
        }
        using var ok = new Box(("fc", nn.Linear(8, 8)));
        ok.ApplyInit(InitPolicy.Empty.ForName("fc.weight", "scaled(1e30, xavier_uniform_)"), Gen());
        Assert.True(AllFinite(ok.get_parameter("fc.weight")!));
    }

    [Fact]
    public void MambaDtActionsThatWouldNotBeFiniteAreErrors()
    {
        using var m = new Box(("dt", nn.Linear(4, 8)));
        var before = Snapshot(m);
        foreach (var action in new[] { "mamba_dt_bias(dt_min=0.001, dt_max=1e39)", "mamba_dt_bias(dt_min=1e-300, dt_max=0.1, dt_init_floor=0)",
                     "mamba_dt_bias(dt_min=0.001, dt_max=0.1, dt_init_floor=1e39)" })
        {
            var e = Assert.Throws<InitPolicyException>(() => m.ApplyInit(InitPolicy.Empty.ForName("dt.bias", action), Gen()));
            Assert.Contains("dt.bias", Assert.Single(e.Problems));
            AssertSame(before, Snapshot(m));
        }
        var w = Assert.Throws<InitPolicyException>(() => m.ApplyInit(InitPolicy.Empty.ForName("dt.weight", "mamba_dt_weight(dt_scale=1e39)"), Gen()));
        Assert.Contains("from is out of bounds for float", Assert.Single(w.Problems));
        using var half = new Box(("dt", nn.Linear(4, 8)));
        half.to(ScalarType.Float16);
        var h = Assert.Throws<InitPolicyException>(() => half.ApplyInit(InitPolicy.Empty.ForName("dt.bias", "mamba_dt_bias(dt_min=1, dt_max=1e5)"), Gen()));
        Assert.Contains("Half", Assert.Single(h.Problems));
        // Tiny dt_min is fine with a floor that keeps dt in float's range.
        m.ApplyInit(InitPolicy.Empty.ForName("dt.bias", "mamba_dt_bias(dt_min=1e-300, dt_max=0.1, dt_init_floor=1e-4)"), Gen());
        Assert.True(AllFinite(m.get_parameter("dt.bias")!));
    }

    /// <summary>A module whose parameters are exactly the given tensors (shapes nn's constructors refuse).</summary>
    sealed class Params : nn.Module
    {
        public Params(params (string Name, Tensor Value)[] parameters) : base(nameof(Params))
        {
            foreach (var (name, value) in parameters) register_parameter(name, new TorchSharp.Modules.Parameter(value));
        }
    }

    sealed class OneDimHidden : nn.Module
    {
        public OneDimHidden() : base(nameof(OneDimHidden))
        {
            register_parameter("weight_ih", new TorchSharp.Modules.Parameter(zeros(4, 2)));
            register_parameter("weight_hh", new TorchSharp.Modules.Parameter(zeros(4)));
        }
    }

    [Fact]
    public void RnnDefaultOnAOneDimensionalWeightHhIsAnArgumentError()
    {
        // Before: IndexOutOfRangeException from shape[1].
        using var m = new Box(("rnn", new OneDimHidden()));
        var before = Snapshot(m);
        var e = Assert.Throws<InitPolicyException>(() => m.ApplyInit(InitPolicy.Empty.ForLayer<OneDimHidden>("rnn_default()"), Gen()));
        Assert.All(e.Problems, p => Assert.Contains("2-D weight_hh", p));
        AssertSame(before, Snapshot(m));
    }

    [Fact]
    public void BilinearDefaultWithNoInputFeaturesIsAnArgumentError()
    {
        using var m = new Box(("bl", new Params(("weight", zeros(4, 0, 3)), ("bias", zeros(4)))));
        var e = Assert.Throws<InitPolicyException>(() => m.ApplyInit(InitPolicy.Empty.ForName("bl.*", "bilinear_default()"), Gen()));
        Assert.All(e.Problems, p => Assert.Contains("in1_features > 0", p));
    }

    [Fact]
    public async Task BlocksOnAnEmptyWeightVisitsNoBlock()
    {
        // blocks(n, ...) looped n times over empty views (3.6 s for n = 10^6; int.MaxValue would take hours). The
        // 60 s wait is a hang guard only.
        using var m = new Box(("fc", new Params(("weight", zeros(0, 4)))));
        var policy = InitPolicy.Empty.ForName("fc.weight", new BlocksAction(int.MaxValue, InitScheme.XavierUniform()));
        var run = Task.Run(() => m.ApplyInit(policy, InitEngine.Counter(1)));
        Assert.True(await Task.WhenAny(run, Task.Delay(TimeSpan.FromSeconds(60))) == run,
            "blocks(int.MaxValue, ...) on an empty weight did not finish");
        await run; // its exception, if any
    }

    // ---- counters -------------------------------------------------------------------------------------------------

    [Fact]
    public void StreamOffsetsBeyondTheCounterSpaceAreRejected()
    {
        var stream = InitEngine.Counter(1).Stream("w");
        // At(long.MaxValue - 10) wrapped and silently wrote nothing.
        Assert.Throws<ArgumentOutOfRangeException>(() => stream.At(long.MaxValue - 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => stream.At(CounterStream.Length + 1));
        var end = stream.At(CounterStream.Length - 10);
        using var t = Sentinel(new long[] { 4, 4 });
        Rejects(t, () => t.uniform_(end), "has no room for 16 elements", "offset + numel must be at most 4611686018427387904");
        Rejects(t, () => InitScheme.TruncNormal().Apply(t, end), "has no room");
        using var fits = empty(10).uniform_(end); // exactly the last ten
        Assert.True(AllFinite(fits));
        Assert.Throws<ArgumentOutOfRangeException>(() => end.Skip(11));
        // blocks checks the whole weight's room before its first block.
        using var m = new Box(("fc", nn.Linear(4, 6)));
        var before = Snapshot(m);
        var site = new ParameterSite("fc.weight", "weight", "fc", ((nn.Module)m.named_children().First().module), m.get_parameter("fc.weight")!, 0);
        using (no_grad())
            Assert.Throws<ArgumentException>(() => new BlocksAction(3, InitScheme.Uniform()).Apply(site.Parameter, site, stream.At(CounterStream.Length - 20)));
        AssertSame(before, Snapshot(m));
    }

    [Fact]
    public void ShardRowsNearLongMaxValueAreRejected()
    {
        var stream = InitEngine.Counter(1).Stream("w");
        using var shard = Sentinel(new long[] { 2, 3 });
        // rowStart + rows overflowed and the shard was accepted.
        Rejects<ArgumentOutOfRangeException>(shard, () => InitScheme.Uniform().ApplyShard(shard, new long[] { 8, 3 }, long.MaxValue, stream), "outside [0, 8)");
        Rejects<ArgumentOutOfRangeException>(shard, () => InitScheme.Uniform().ApplyShard(shard, new long[] { 8, 3 }, 7, stream));
        Rejects(shard, () => InitScheme.Uniform().ApplyShard(shard, new long[] { 8, 3 }, 0, stream.At(CounterStream.Length - 20)), "has no room for 24 elements");
        Rejects(shard, () => InitScheme.Uniform().ApplyShard(shard, new long[] { -8, 3 }, 0, stream), "negative dim");
        // The last rows that fit: accepted and equal to those rows of the whole fill.
        using var whole = empty(8, 3).uniform_(stream);
        InitScheme.Uniform().ApplyShard(shard, new long[] { 8, 3 }, 6, stream);
        using var tail = whole.narrow(0, 6, 2);
        Assert.True(Same(shard, tail.contiguous()));
    }

    // ---- stream keys ---------------------------------------------------------------------------------------------

    [Fact]
    public void LoneSurrogateKeysAreDistinctStreams()
    {
        // UTF-8 encoding replaced each lone surrogate with U+FFFD: three keys, one stream.
        var keys = new[] { "\ud800", "\udfff", "\ufffd", "a\ud800", "a\udc00", "\ud800\ud800", "\udc00\ud800" };
        var ids = keys.Select(StreamKey.Hash).ToArray();
        Assert.Equal(keys.Length, ids.Distinct().Count());
        var engine = InitEngine.Counter(1);
        using var a = empty(32).uniform_(engine.Stream("\ud800"));
        using var b = empty(32).uniform_(engine.Stream("\ufffd"));
        Assert.False(Same(a, b));
        // A surrogate pair is its code point, as UTF-8 has it (its golden id is in EngineGoldenValueTests).
        Assert.Equal(StreamKey.Hash("\U0001F600"), StreamKey.Hash("\ud83d\ude00"));
        Assert.NotEqual(StreamKey.Hash("\ud83d"), StreamKey.Hash("\ud83d\ude00"));
    }
}
