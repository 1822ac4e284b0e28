using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using TorchSharp;
using TorchSharp.Modules;
using WeightInit.Sampling;
using WeightInit.Policy;
using WeightInit.Policy.Actions;
using WeightInit.Schemes;
using WeightInit.Tests.Policy;
using Xunit;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace WeightInit.Tests.Properties;

/// <summary>All or nothing, over generated module trees and policies: ApplyInit either succeeds, leaving every
/// floating parameter finite, or throws an ArgumentException (an InitPolicyException for a policy that does not fit)
/// before any write, every parameter and buffer unchanged bit for bit. The pools hold what users write and what an
/// attacker would: rules that fit, rules that do not fit some shapes or dtypes, values out of a dtype's range.</summary>
public class AllOrNothingProperties
{
    static readonly string[] Actions =
    {
        "zeros_", "ones_", "normal_(std=0.02)", "xavier_uniform_", "kaiming_normal_(mode='fan_out', nonlinearity='relu')",
        "trunc_normal_(std=0.02)", "orthogonal_", "eye_", "dirac_", "sparse_(0.5)", "lecun_normal_",
        "variance_scaling_(scale=2, mode='fan_avg')", "blocks(2, xavier_uniform_)", "blocks(3, orthogonal_)",
        "scaled(0.5, kaiming_uniform_(a=sqrt(5)))", "torch_default_bias()", "rnn_default()", "lstm_forget_bias()",
        "mamba_a_log()", "mamba_dt_weight()", "constant_(0.25)",
        // out of some dtype's range or otherwise hostile
        "constant_(100000)", "constant_(-3)", "constant_(1e300)", "uniform_(b=1e39)", "uniform_(0, 100000)",
        "trunc_normal_(b=1e300)", "xavier_uniform_(gain=3.5e38)", "normal_(std=1e30)", "normal_(mean=1e38, std=1e38)",
        "lstm_forget_bias(value=100000)", "scaled(1e38, normal_)", "variance_scaling_(scale=5e-324)",
        "kaiming_uniform_(a=1e200)", "blocks(1000000, zeros_)",
    };

    static readonly Func<InitPolicy, string, InitPolicy>[] Selectors =
    {
        (p, a) => p.ForLayer<Linear>(InitAction.Parse(a)),
        (p, a) => p.ForLayer<Linear>("weight", InitAction.Parse(a)),
        (p, a) => p.ForLayer<Embedding>(InitAction.Parse(a)),
        (p, a) => p.ForLayer<LSTM>("weight_hh*", InitAction.Parse(a)),
        (p, a) => p.ForParam("bias", a),
        (p, a) => p.ForParam("**", a),
        (p, a) => p.ForName("**.weight", a),
        (p, a) => p.ForName("b*.**", a),
        (p, a) => p.ForLayer("LayerNorm|BatchNorm1d|Conv1d", InitAction.Parse(a)),
        (p, a) => p.ForParam("counts", a),
        (p, a) => p.ForParam("expanded", a),
        (p, _) => p.Keep("a*.**"),
    };

    const int LayerKinds = 8;

    static Module Layer(int kind, bool half) => kind switch
    {
        0 => Linear(6, 4),
        1 => Linear(4, 6, hasBias: false),
        2 => Conv1d(4, 6, 3),
        3 => Embedding(9, 4),
        4 => LayerNorm(6),
        5 => BatchNorm1d(6),
        6 => LSTM(4, 6),
        _ => half ? Linear(6, 6).to(ScalarType.Float16) : Linear(6, 6).to(ScalarType.BFloat16),
    };

    /// <summary>A tree from the generated numbers: top-level children a0, b1, a2, ..., one nested, maybe a tied
    /// head and an integer parameter.</summary>
    static Box Tree(int[] layers, int extras)
    {
        var children = new List<(string, Module)>();
        for (int i = 0; i < layers.Length; i++)
            children.Add(($"{(i % 2 == 0 ? "a" : "b")}{i}", Layer(layers[i] % LayerKinds, (extras & 4) != 0)));
        children.Add(("nested", new Box(("inner", Layer(layers[0] % LayerKinds, false)))));
        var box = new Box(children.ToArray());
        if ((extras & 1) != 0)
        {
            var emb = Embedding(5, 3);
            var head = Linear(3, 5, hasBias: false);
            head.weight = emb.weight!;
            box.register_module("wte", emb);
            box.register_module("head", head);
        }
        if ((extras & 2) != 0) box.register_parameter("counts", new Parameter(ones(3, dtype: ScalarType.Int64), requires_grad: false));
        if ((extras & 16) != 0) box.register_parameter("expanded", new Parameter(zeros(1, 4).expand(3, 4)));
        return box;
    }

    static Dictionary<string, byte[]> State(Module m)
    {
        var state = new Dictionary<string, byte[]>();
        using var scope = NewDisposeScope();
        foreach (var (name, p) in m.named_parameters()) state["p:" + name] = p.detach().cpu().contiguous().bytes.ToArray();
        foreach (var (name, b) in m.named_buffers()) state["b:" + name] = b.detach().cpu().contiguous().bytes.ToArray();
        return state;
    }

    static bool AllFinite(Module m)
    {
        using var scope = NewDisposeScope();
        return m.named_parameters().All(x => !x.parameter.is_floating_point() || x.parameter.detach().isfinite().all().item<bool>());
    }

    [Fact]
    public void ApplyInitIsAllOrNothing()
    {
        var cases =
            from layers in Gen.Choose(0, 1000).ArrayOf().Where(a => a.Length is > 0 and <= 4)
            from rules in Gen.Choose(0, Selectors.Length * Actions.Length - 1).ArrayOf().Where(a => a.Length is > 0 and <= 5)
            from extras in Gen.Choose(0, 31)
            select (layers, rules, extras);
        Prop.ForAll(cases.ToArbitrary(), c =>
        {
            var (layers, rules, extras) = c;
            using var m = Tree(layers, extras);
            var policy = InitPolicy.Empty;
            foreach (int r in rules) policy = Selectors[r % Selectors.Length](policy, Actions[r / Selectors.Length]);
            if ((extras & 8) != 0) policy = policy.Strict();
            var before = State(m);
            using var g = new Generator(42);
            try
            {
                m.ApplyInit(policy, g);
            }
            catch (ArgumentException)
            {
                var after = State(m);
                foreach (var (name, bytes) in before)
                    Assert.True(bytes.AsSpan().SequenceEqual(after[name]), $"{name} changed after a throw; policy:\n{policy}");
                return;
            }
            Assert.True(AllFinite(m), $"a non-finite weight from finite arguments; policy:\n{policy}");
        }).Check(WeightInit.Tests.Properties.PropertyConfig.Quick(150));
    }
}
