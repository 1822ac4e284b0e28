using System;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using WeightInit.Policy;
using WeightInit.Schemes;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static WeightInit.Tests.Policy.PolicyTestHelpers;

namespace WeightInit.Tests.Policy;

/// <summary>Every layer type TorchSharp 0.107 ships gets the right values from TorchDefaults (PyTorch's
/// reset_parameters), by its own parameter names and fans; plus a user module matched by its type.</summary>
public class LayerCoverageTests
{
    [Fact]
    public void LinearWeightAndBiasWithinOneOverSqrtFanIn()
    {
        using var m = new Box(("fc", Linear(64, 128)));
        using var g = Gen();
        var r = m.ApplyInit(InitPolicy.TorchDefaults().Strict(), g);
        var s = Snapshot(m);
        // kaiming_uniform_(a=sqrt(5)) has bound gain·sqrt(3/fan_in) = sqrt(1/3)·sqrt(3/64) = 1/8.
        AssertUniformBound(s["fc.weight"], 1 / 8.0, "fc.weight");
        AssertStd(s["fc.weight"], 1 / 8.0 / Math.Sqrt(3), "fc.weight");
        AssertUniformBound(s["fc.bias"], 1 / 8.0, "fc.bias", reach: 0.7);
        Assert.Equal(InitOutcome.Initialized, r["fc.bias"].Outcome);
    }

    [Fact]
    public void BilinearWeightAndBiasWithinOneOverSqrtIn1()
    {
        using var m = new Box(("bil", Bilinear(9, 4, 64)));
        using var g = Gen();
        m.ApplyInit(InitPolicy.TorchDefaults().Strict(), g);
        var s = Snapshot(m);
        AssertUniformBound(s["bil.weight"], 1 / 3.0, "bil.weight"); // in1 = 9, not in1·in2
        AssertUniformBound(s["bil.bias"], 1 / 3.0, "bil.bias", reach: 0.7);
    }

    public static TheoryData<string, long> Convs => new()
    {
        { "Conv1d", 8 * 5 }, { "Conv2d", 8 * 25 }, { "Conv3d", 8 * 125 },
        { "Conv2dGroups", 8 / 2 * 25 },
    };

    [Theory, MemberData(nameof(Convs))]
    public void ConvWeightAndBiasWithinOneOverSqrtFanIn(string kind, long fanIn)
    {
        Module conv = kind switch
        {
            "Conv1d" => Conv1d(8, 64, 5),
            "Conv2d" => Conv2d(8, 64, 5),
            "Conv3d" => Conv3d(8, 64, 5),
            _ => Conv2d(8, 64, 5, groups: 2),
        };
        using var m = new Box(("conv", conv));
        using var g = Gen();
        m.ApplyInit(InitPolicy.TorchDefaults().Strict(), g);
        var s = Snapshot(m);
        AssertUniformBound(s["conv.weight"], 1 / Math.Sqrt(fanIn), "conv.weight");
        AssertUniformBound(s["conv.bias"], 1 / Math.Sqrt(fanIn), "conv.bias", reach: 0.5);
    }

    // ConvTranspose stores [in, out/groups, k...]; PyTorch's fan_in is dim 1 times the kernel: out/groups·k.
    public static TheoryData<string, long> ConvTransposes => new()
    {
        { "ConvTranspose1d", 24 * 3 }, { "ConvTranspose2d", 24 * 9 }, { "ConvTranspose3d", 24 * 27 },
        { "ConvTranspose2dGroups", 24 / 2 * 9 },
    };

    [Theory, MemberData(nameof(ConvTransposes))]
    public void ConvTransposeKaimingFanInUsesDimOne(string kind, long fanIn)
    {
        Module conv = kind switch
        {
            "ConvTranspose1d" => ConvTranspose1d(96, 24, 3),
            "ConvTranspose2d" => ConvTranspose2d(96, 24, 3),
            "ConvTranspose3d" => ConvTranspose3d(96, 24, 3),
            _ => ConvTranspose2d(96, 24, 3, groups: 2),
        };
        using var m = new Box(("up", conv));
        using var g = Gen();
        var policy = InitPolicy.Empty.ForLayer(kind.Replace("Groups", ""), "weight", InitScheme.KaimingNormal(mode: "fan_in", nonlinearity: "relu"));
        m.ApplyInit(policy, g);
        // sqrt(2 / fan_in); dim 0 (in = 96) would give a std half as large.
        AssertStd(Snapshot(m)["up.weight"], Math.Sqrt(2.0 / fanIn), kind);

        using var g2 = Gen(7);
        m.ApplyInit(InitPolicy.TorchDefaults().Strict(), g2);
        var s = Snapshot(m);
        AssertUniformBound(s["up.weight"], 1 / Math.Sqrt(fanIn), "TorchDefaults weight");
        Assert.True(MaxAbs(s["up.bias"]) <= 1 / Math.Sqrt(fanIn), "TorchDefaults bias bound");
    }

    [Fact]
    public void EmbeddingPaddingRowStaysZeroUnderTorchDefaultsAndTransformer()
    {
        using var m = new Box(("emb", Embedding(200, 32, padding_idx: 3)));
        foreach (var (policy, std) in new[] { (InitPolicy.TorchDefaults(), 1.0), (InitPolicy.Transformer(), 0.02) })
        {
            using var g = Gen();
            m.ApplyInit(policy.Strict(), g);
            var w = Snapshot(m)["emb.weight"];
            Assert.True(w.Skip(3 * 32).Take(32).All(x => x == 0), "padding row 3 is not zero");
            var others = w.Take(3 * 32).Concat(w.Skip(4 * 32)).ToArray();
            Assert.DoesNotContain(0.0, others);
            AssertStd(others, std, $"embedding std under {policy.Rules[0]}");
        }
    }

    [Theory]
    [InlineData(ScalarType.Float32)]
    [InlineData(ScalarType.Float64)]
    [InlineData(ScalarType.BFloat16)]
    public void EmbeddingPaddingRowFoundInEveryFloatTypeAndByTheEngine(ScalarType dtype)
    {
        using var m = new Box(("emb", Embedding(50, 16, padding_idx: 7)));
        m.to(dtype);
        var r = m.ApplyInit(InitPolicy.Transformer().Strict(), WeightInit.Engine.InitEngine.Counter(1));
        var w = Snapshot(m)["emb.weight"];
        Assert.True(w.Skip(7 * 16).Take(16).All(x => x == 0), $"{dtype}: padding row 7 is not zero");
        Assert.Equal(1, Enumerable.Range(0, 50).Count(row => w.Skip(row * 16).Take(16).All(x => x == 0)));
        Assert.Equal(InitOutcome.Initialized, r["emb.weight"].Outcome);
    }

    /// <summary>A weight that was never set (zeros, torch.empty's fresh pages) has many zero rows; none is padding,
    /// and zeroing them all after init would leave an all-zero embedding.</summary>
    [Fact]
    public void EmbeddingWithSeveralZeroRowsIsInitializedEverywhere()
    {
        using var m = new Box(("emb", Embedding(400, 16)), ("bag", EmbeddingBag(300, 16)));
        using (no_grad())
        {
            foreach (var p in m.parameters()) p.zero_();
            m.named_parameters().Single(x => x.name == "bag.weight").parameter[4].fill_(1); // 299 zero rows, one not
        }
        using var g = Gen();
        m.ApplyInit(InitPolicy.TorchDefaults().Strict(), g);
        foreach (var (name, rows) in new[] { ("emb.weight", 400), ("bag.weight", 300) })
        {
            var w = Snapshot(m)[name];
            int zeroRows = Enumerable.Range(0, rows).Count(row => w.Skip(row * 16).Take(16).All(x => x == 0));
            Assert.True(zeroRows == 0, $"{name}: {zeroRows} rows left zero");
            AssertStd(w, 1.0, name);
        }
    }

    [Fact]
    public void EmbeddingBagGetsStandardNormal()
    {
        using var m = new Box(("bag", EmbeddingBag(300, 32)));
        using var g = Gen();
        m.ApplyInit(InitPolicy.TorchDefaults().Strict(), g);
        AssertStd(Snapshot(m)["bag.weight"], 1.0, "bag.weight");
    }

    [Fact]
    public void LayerNormAndGroupNormGetOnesAndZeros()
    {
        // TorchSharp 0.107's GroupNorm leaves its weight uninitialized; garbage first makes the test able to fail.
        using var m = new Box(("ln", LayerNorm(16)), ("gn", GroupNorm(4, 16)));
        foreach (var (_, p) in m.named_parameters()) using (no_grad()) p.fill_(7);
        using var g = Gen();
        m.ApplyInit(InitPolicy.TorchDefaults().Strict(), g);
        var s = Snapshot(m);
        AssertAll(s["ln.weight"], 1, "ln.weight");
        AssertAll(s["ln.bias"], 0, "ln.bias");
        AssertAll(s["gn.weight"], 1, "gn.weight");
        AssertAll(s["gn.bias"], 0, "gn.bias");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void BatchNormRunningStatsAreReset(int dims)
    {
        Module bn = dims switch { 1 => BatchNorm1d(4), 2 => BatchNorm2d(4), _ => BatchNorm3d(4) };
        using var m = new Box(("bn", bn));
        long[] shape = dims switch { 1 => new long[] { 16, 4 }, 2 => new long[] { 8, 4, 3, 3 }, _ => new long[] { 8, 4, 2, 3, 3 } };
        using (var gx = Gen(5))
        using (var x = randn(shape, generator: gx).mul_(3).add_(5)) // a training-mode forward moves running_mean/var and counts a batch
        using (var y = ((Module<Tensor, Tensor>)bn).forward(x)) { }
        foreach (var (_, p) in m.named_parameters()) using (no_grad()) p.fill_(7);
        var before = bn.named_buffers().ToDictionary(b => b.name, b => Values(b.buffer));
        Assert.NotEqual(0, before["running_mean"][0]);
        Assert.Equal(1, before["num_batches_tracked"][0]);

        var resets = new[] { "bn.running_mean = 0", "bn.running_var = 1", "bn.num_batches_tracked = 0" };
        var plan = InitPolicy.TorchDefaults().Strict().Plan(m); // a step of the plan, shown before anything is written
        Assert.Equal(resets.OrderBy(x => x), plan.BufferResets.OrderBy(x => x));
        Assert.Equal(before["running_mean"], Values(bn.named_buffers().First(b => b.name == "running_mean").buffer));
        using var g = Gen();
        var report = m.ApplyInit(InitPolicy.TorchDefaults().Strict(), g);
        Assert.Equal(plan.BufferResets, report.BufferResets);
        Assert.Contains("running statistics reset: ", report.ToString());
        var buffers = bn.named_buffers().ToDictionary(b => b.name, b => Values(b.buffer));
        AssertAll(buffers["running_mean"], 0, "running_mean");
        AssertAll(buffers["running_var"], 1, "running_var");
        AssertAll(buffers["num_batches_tracked"], 0, "num_batches_tracked");
        // A policy that keeps the norm's parameters leaves its statistics too.
        using (var gx = Gen(6))
        using (var x = randn(shape, generator: gx).mul_(3).add_(5))
        using (var y = ((Module<Tensor, Tensor>)bn).forward(x)) { }
        Assert.Empty(InitPolicy.TorchDefaults().Keep("bn.*").Plan(m).BufferResets);
        var s = Snapshot(m);
        AssertAll(s["bn.weight"], 1, "bn.weight");
        AssertAll(s["bn.bias"], 0, "bn.bias");
    }

    [Fact]
    public void InstanceNormAffineGetsOnesZerosAndResetsRunningStats()
    {
        var inorm = InstanceNorm1d(4, affine: true, track_running_stats: true);
        using var m = new Box(("in", inorm));
        using (var gx = Gen(5))
        using (var x = randn(new long[] { 8, 4, 10 }, generator: gx).mul_(3).add_(5))
        using (var y = inorm.forward(x)) { }
        foreach (var (_, p) in m.named_parameters()) using (no_grad()) p.fill_(7);
        using var g = Gen();
        m.ApplyInit(InitPolicy.TorchDefaults().Strict(), g);
        var s = Snapshot(m);
        AssertAll(s["in.weight"], 1, "in.weight");
        AssertAll(s["in.bias"], 0, "in.bias");
        var buffers = inorm.named_buffers().ToDictionary(b => b.name, b => Values(b.buffer));
        AssertAll(buffers["running_mean"], 0, "running_mean");
        AssertAll(buffers["running_var"], 1, "running_var");
    }

    [Fact]
    public void MultiheadAttentionFusedInProjAndOutProj()
    {
        const int E = 64;
        using var m = new Box(("attn", MultiheadAttention(E, 4)));
        using var g = Gen();
        var r = m.ApplyInit(InitPolicy.TorchDefaults().Strict(), g);
        var s = Snapshot(m);
        Assert.Equal(new[] { "attn.in_proj_weight", "attn.in_proj_bias", "attn.out_proj.weight", "attn.out_proj.bias" }, r.Entries.Select(e => e.Name));
        // PyTorch's MHA: xavier_uniform_ on the whole [3E, E] in_proj_weight, bound sqrt(6 / (3E + E)).
        AssertUniformBound(s["attn.in_proj_weight"], Math.Sqrt(6.0 / (4 * E)), "in_proj_weight");
        AssertAll(s["attn.in_proj_bias"], 0, "in_proj_bias");
        AssertUniformBound(s["attn.out_proj.weight"], 1 / Math.Sqrt(E), "out_proj.weight");
        AssertAll(s["attn.out_proj.bias"], 0, "out_proj.bias");
    }

    [Fact]
    public void MultiheadAttentionSeparateProjectionsWhenKdimVdimDiffer()
    {
        const int E = 32, K = 16, V = 48;
        using var m = new Box(("attn", MultiheadAttention(E, 4, kdim: K, vdim: V)));
        using var g = Gen();
        m.ApplyInit(InitPolicy.TorchDefaults().Strict(), g);
        var s = Snapshot(m);
        AssertUniformBound(s["attn.q_proj_weight"], Math.Sqrt(6.0 / (E + E)), "q_proj_weight");
        AssertUniformBound(s["attn.k_proj_weight"], Math.Sqrt(6.0 / (E + K)), "k_proj_weight");
        AssertUniformBound(s["attn.v_proj_weight"], Math.Sqrt(6.0 / (E + V)), "v_proj_weight");
        AssertAll(s["attn.in_proj_bias"], 0, "in_proj_bias");
    }

    [Fact]
    public void MultiheadAttentionOutProjIsItsOwnParameterNamedOutProjWeight()
    {
        using var m = new Box(("attn", MultiheadAttention(16, 2)));
        var r = m.ApplyInit(InitPolicy.Empty.ForLayer<MultiheadAttention>("out_proj.weight", "ones_"));
        AssertAll(Snapshot(m)["attn.out_proj.weight"], 1, "out_proj.weight");
        Assert.Equal(InitOutcome.NotCovered, r["attn.out_proj.bias"].Outcome);
        Assert.Equal(InitOutcome.NotCovered, r["attn.in_proj_weight"].Outcome);
    }

    [Fact]
    public void RecurrentLayersMultiLayerBidirectionalAndCells()
    {
        const int H = 36;
        using var m = new Box(
            ("rnn", RNN(8, H, numLayers: 2, bidirectional: true)),
            ("lstm", LSTM(8, H, numLayers: 2, bidirectional: true)),
            ("gru", GRU(8, H, numLayers: 2, bidirectional: true)),
            ("rnncell", RNNCell(8, H)), ("lstmcell", LSTMCell(8, H)), ("grucell", GRUCell(8, H)));
        using var g = Gen();
        var r = m.ApplyInit(InitPolicy.TorchDefaults().Strict(), g);
        var names = r.Entries.Select(e => e.Name).ToHashSet();
        foreach (var layer in new[] { "rnn", "lstm", "gru" })
            foreach (var p in new[] { "weight_ih", "weight_hh", "bias_ih", "bias_hh" })
                foreach (var suffix in new[] { "_l0", "_l0_reverse", "_l1", "_l1_reverse" })
                    Assert.Contains($"{layer}.{p}{suffix}", names);
        Assert.Contains("lstmcell.weight_hh", names);
        // U(±1/sqrt(hidden)) on every weight and bias, whatever the gate count or layer input size.
        foreach (var (name, v) in Snapshot(m))
            AssertUniformBound(v, 1 / Math.Sqrt(H), name, reach: name.Contains("bias") ? 0.6 : 0.8);
    }

    /// <summary>A user layer with its own parameters beside a child Linear.</summary>
    public sealed class SsmLike : Module
    {
        public SsmLike() : base(nameof(SsmLike))
        {
            register_parameter("A_log", new Parameter(zeros(6, 4)));
            register_parameter("D", new Parameter(zeros(6)));
            register_module("proj", Linear(6, 6));
        }
    }

    [Fact]
    public void UserModuleTypeMatchedByForLayerOnItsOwnParametersOnly()
    {
        using var m = new Box(("ssm", new SsmLike()));
        var before = Snapshot(m);
        var r = m.ApplyInit(InitPolicy.Empty.ForLayer<SsmLike>("A_log", InitScheme.Ones).ForLayer<SsmLike>("D", InitScheme.Constant(2)));
        var s = Snapshot(m);
        AssertAll(s["ssm.A_log"], 1, "A_log");
        AssertAll(s["ssm.D"], 2, "D");
        // The child Linear belongs to Linear, not to SsmLike.
        Assert.Equal(before["ssm.proj.weight"], s["ssm.proj.weight"]);
        Assert.Equal(new[] { "ssm.proj.weight", "ssm.proj.bias" }, r.NotCovered);
    }
}
