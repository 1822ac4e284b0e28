using System;
using System.Linq;
using TorchSharp.Modules;
using WeightInit.Policy;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;
using static WeightInit.Tests.Policy.PolicyTestHelpers;

namespace WeightInit.Tests.Policy;

/// <summary>Mamba preset on a small selective-SSM block: A_log = log(1..d_state), D = 1, dt_proj as mamba_ssm,
/// out_proj rescaled; these are marked so a later policy keeps them unless it overwrites marks.</summary>
public class MambaPresetTests
{
    const int DModel = 16, DInner = 32, DState = 8, DtRank = 4;

    public sealed class MambaBlock : Module
    {
        public readonly Linear in_proj = Linear(DModel, 2 * DInner);
        public readonly Conv1d conv1d = Conv1d(DInner, DInner, 4, groups: DInner, padding: 3);
        public readonly Linear x_proj = Linear(DInner, DtRank + 2 * DState, hasBias: false);
        public readonly Linear dt_proj = Linear(DtRank, DInner);
        public readonly Parameter A_log = new(zeros(DInner, DState));
        public readonly Parameter D = new(zeros(DInner));
        public readonly Linear out_proj = Linear(DInner, DModel, hasBias: false);

        public MambaBlock() : base(nameof(MambaBlock)) => RegisterComponents();
    }

    static double Softplus(double x) => x > 20 ? x : Math.Log(1 + Math.Exp(x));

    [Fact]
    public void SetsWhatMambaSsmSets()
    {
        using var m = new Box(("layers", new Box(("0", new MambaBlock()))));
        using var g = Gen();
        var r = m.ApplyInit(InitPolicy.TorchDefaults().Then(InitPolicy.Mamba(nLayer: 2)).Strict(), g);
        var s = Snapshot(m);
        var aLog = s["layers.0.A_log"];
        for (int i = 0; i < aLog.Length; i++)
            Assert.True(Math.Abs(aLog[i] - Math.Log(i % DState + 1)) < 1e-6, $"A_log[{i / DState},{i % DState}] = {aLog[i]}");
        AssertAll(s["layers.0.D"], 1, "D");
        AssertUniformBound(s["layers.0.dt_proj.weight"], Math.Pow(DtRank, -0.5), "dt_proj.weight");
        var dt = s["layers.0.dt_proj.bias"].Select(Softplus).ToArray();
        Assert.All(dt, v => Assert.InRange(v, 0.001 * (1 - 1e-4), 0.1 * (1 + 1e-4)));
        Assert.True(dt.Max() / dt.Min() > 5, "dt should spread log-uniformly over [dt_min, dt_max]");
        // kaiming_uniform_(a=sqrt(5)) bound 1/sqrt(d_inner), divided by sqrt(n_residuals · n_layer) = sqrt(2).
        AssertUniformBound(s["layers.0.out_proj.weight"], 1 / Math.Sqrt(DInner) / Math.Sqrt(2), "out_proj.weight");
        Assert.Contains("Mamba", r["layers.0.A_log"].Rule);
    }

    [Fact]
    public void DtFloorIsRespected()
    {
        using var m = new MambaBlock();
        using var g = Gen();
        m.ApplyInit(InitPolicy.Mamba(dtMin: 1e-5, dtMax: 1e-2, dtInitFloor: 1e-3), g);
        var dt = Snapshot(m)["dt_proj.bias"].Select(Softplus).ToArray();
        Assert.All(dt, v => Assert.InRange(v, 1e-3 * (1 - 1e-3), 1e-2 * (1 + 1e-4)));
        // Log-uniform on [1e-5, 1e-2] puts 2/3 of the draws under the floor: they sit on it.
        Assert.True(dt.Count(v => Math.Abs(v - 1e-3) < 1e-3 * 1e-3) >= 8, "expected many dt at the floor");
    }

    [Fact]
    public void DtScaleTakesEffect()
    {
        using var m = new MambaBlock();
        using var g = Gen();
        m.ApplyInit(InitPolicy.Mamba(dtScale: 0.25), g);
        AssertUniformBound(Snapshot(m)["dt_proj.weight"], 0.25 * Math.Pow(DtRank, -0.5), "dt_proj.weight dt_scale 0.25");
    }

    [Fact]
    public void MarkedParametersSurviveALaterPolicyUnlessOverwritten()
    {
        using var m = new MambaBlock();
        using (var g = Gen()) m.ApplyInit(InitPolicy.TorchDefaults().Then(InitPolicy.Mamba()), g);
        foreach (var p in new[] { m.A_log, m.D, m.dt_proj.weight, m.dt_proj.bias, m.out_proj.weight })
            Assert.True(InitMarks.IsMarked(p!));
        Assert.False(InitMarks.IsMarked(m.in_proj.weight));
        var mamba = Snapshot(m);

        Report(m, InitPolicy.Transformer(), out var r);
        var s = Snapshot(m);
        foreach (var name in new[] { "dt_proj.weight", "dt_proj.bias", "out_proj.weight", "A_log", "D" })
            Assert.Equal(mamba[name], s[name]);
        Assert.Equal(InitOutcome.Kept, r["dt_proj.bias"].Outcome);
        Assert.Equal("marked as initialized (InitMarks)", r["dt_proj.bias"].Rule);
        Assert.NotEqual(mamba["in_proj.weight"], s["in_proj.weight"]);
        AssertStd(s["in_proj.weight"], 0.02, "in_proj under Transformer");

        Report(m, InitPolicy.Transformer().OverwriteMarked(), out _);
        s = Snapshot(m);
        AssertAll(s["dt_proj.bias"], 0, "dt_proj.bias overwritten by Transformer's zero bias");
        Assert.NotEqual(mamba["dt_proj.weight"], s["dt_proj.weight"]);

        // A_log and D are only covered by Mamba's own rules: spoil them, then re-apply with and without OverwriteMarked.
        using (no_grad()) { m.A_log.zero_(); m.D.zero_(); }
        Report(m, InitPolicy.Mamba(), out _);
        AssertAll(Snapshot(m)["A_log"], 0, "kept while marked");
        Report(m, InitPolicy.Mamba().OverwriteMarked(), out _);
        Assert.Equal(mamba["A_log"], Snapshot(m)["A_log"]);
        AssertAll(Snapshot(m)["D"], 1, "D");
    }

    static void Report(Module m, InitPolicy policy, out InitReport report)
    {
        using var g = Gen(5);
        report = m.ApplyInit(policy, g);
    }
}
