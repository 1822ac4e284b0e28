using System;
using WeightInit.Policy.Actions;
using WeightInit.Schemes;
using Xunit;

namespace WeightInit.Tests.Text;

/// <summary>Actions read with the schemes' grammar: an action argument is itself a call, numbers are expressions,
/// and every error is an ArgumentException that names the argument and its position.</summary>
public class ActionTextGrammarTests
{
    public static TheoryData<string, InitAction> Accepted => new()
    {
        // Numbers as expressions and nested calls: the old parser split at the first comma and rejected these.
        { "scaled(1/sqrt(12), xavier_uniform_())", new ScaledAction(1 / Math.Sqrt(12), InitScheme.XavierUniform()) },
        { "blocks(3, scaled(0.5, xavier_uniform_(gain=1/sqrt(2))))", new BlocksAction(3, new ScaledAction(0.5, InitScheme.XavierUniform(1 / Math.Sqrt(2)))) },
        { "scaled(2*0.25, zeros_)", new ScaledAction(0.5, InitScheme.Zeros) },
        { "scaled(factor=0.5, action=lstm_forget_bias(2))", new ScaledAction(0.5, new LstmForgetBiasAction(2)) },
        { "blocks(n=3, action=mamba_dt_bias(dt_min=0.002))", new BlocksAction(3, new MambaDtBiasAction(0.002)) },
        { "blocks(3.0, nn.init.xavier_normal_)", new BlocksAction(3, InitScheme.XavierNormal()) },
        { "blocks(1_000, zeros_)", new BlocksAction(1000, InitScheme.Zeros) },
        { "blocks(0x10, zeros_)", new BlocksAction(16, InitScheme.Zeros) },
        // Forms that parsed before keep their value.
        { "blocks(3, kaiming_normal_(mode='fan_out', nonlinearity='relu'))", new BlocksAction(3, InitScheme.KaimingNormal(mode: "fan_out", nonlinearity: "relu")) },
        { "blocks(3,xavier_uniform_)", new BlocksAction(3, InitScheme.XavierUniform()) },
        { "scaled(1e-3, blocks(2, orthogonal_(gain=2)))", new ScaledAction(1e-3, new BlocksAction(2, InitScheme.Orthogonal(2))) },
        { "  keep ", InitAction.Keep },
        { "keep()", InitAction.Keep },
        { "torch_default_bias", new TorchDefaultBiasAction() },
        { "mamba_dt_weight(dt_scale=0.5)", new MambaDtWeightAction(0.5) },
        { "trunc_normal(std=0.02)", InitScheme.TruncNormal(std: 0.02) },
    };

    [Theory, MemberData(nameof(Accepted))]
    public void ParsesToTheActionBuiltInCode(string text, InitAction expected)
    {
        var parsed = InitAction.Parse(text);
        Assert.Equal(expected, parsed);
        Assert.Equal(expected.ToString(), parsed.ToString());
        Assert.Equal(parsed, InitAction.Parse(parsed.ToString()));
    }

    [Fact]
    public void ANegativeZeroFactorKeepsItsSign()
    {
        var scaled = Assert.IsType<ScaledAction>(InitAction.Parse("scaled(-0.0, zeros_)"));
        Assert.True(double.IsNegative(scaled.Factor));
        Assert.Equal("scaled(-0, zeros_())", scaled.ToString());
        Assert.True(double.IsNegative(Assert.IsType<ScaledAction>(InitAction.Parse(scaled.ToString())).Factor));
    }

    // text, fragments of the message.
    public static TheoryData<string, string[]> Rejected => new()
    {
        // FormatException and OverflowException escaped before.
        { "blocks(x, zeros_)", new[] { "blocks argument 'n' expects an integer, but got x (at position 7)" } },
        { "blocks(99999999999, zeros_)", new[] { "blocks argument 'n' is out of range", "overflows a 32-bit integer", "position 7" } },
        { "blocks(1e30, zeros_)", new[] { "'n' is out of range" } },
        { "blocks(1.5, zeros_)", new[] { "'n' expects an integer, but got 1.5" } },
        { "scaled(x, zeros_)", new[] { "scaled argument 'factor' expects a number, but got x (at position 7)" } },
        { "scaled(1e400, zeros_)", new[] { "too large for a float", "position 7" } },
        { "scaled(1/0, zeros_)", new[] { "factor must be a finite number, but found inf" } },
        { "scaled(0.5, 3)", new[] { "'action' expects an action", "got 3 (at position 12)" } },
        { "blocks(3, 'zeros_')", new[] { "'action' expects an action", "'zeros_'" } },
        { "blocks(3)", new[] { "missing required argument 'action'" } },
        { "blocks()", new[] { "missing required argument 'n'" } },
        { "blocks", new[] { "needs two arguments: blocks(n, action)" } },
        { "blocks(3, zeros_, ones_)", new[] { "blocks takes 2 argument(s) (n, action) but 3 were given" } },
        { "blocks(3, actoin=zeros_)", new[] { "unexpected keyword argument 'actoin'" } },
        { "blocks(3, zeros_", new[] { "expected ',' or ')' at position 16" } },
        { "blocks(3, zeros_))", new[] { "unexpected text ')'", "position 17" } },
        { "blocks(0, zeros_)", new[] { "positive count" } },
        { "blocks(3, keep)", new[] { "meaningless" } },
        { "keep(1)", new[] { "keep takes no arguments" } },
        { "foo()", new[] { "unknown scheme or action 'foo'", "xavier_uniform_", "mamba_dt_bias()" } },
        { "lstm_forget_bias(value='x')", new[] { "lstm_forget_bias argument 'value' expects a number" } },
        { "mamba_dt_bias(dt_min=0.5, dt_max=0.1)", new[] { "dt_min <= dt_max" } },
        { "blocks(3, xavier_uniform_(gain=_1))", new[] { "'gain' expects a number, but got _1" } },
        { "", new[] { "expected a name at position 0" } },
        { "3", new[] { "expected a name at position 0" } },
    };

    [Theory, MemberData(nameof(Rejected))]
    public void RejectsWithAnArgumentExceptionNamingTheArgumentAndPosition(string text, string[] fragments)
    {
        var e = Assert.Throws<ArgumentException>(() => InitAction.Parse(text)); // exactly ArgumentException
        Assert.StartsWith($"Cannot parse init action \"{text}\"", e.Message);
        foreach (var f in fragments) Assert.Contains(f, e.Message);
        Assert.False(ActionText.TryParse(text, WeightInit.Policy.InitRegistry.BuiltIn, out var action, out var error));
        Assert.Null(action);
        Assert.StartsWith(error!, e.Message);
    }

    [Fact]
    public void NullIsAnArgumentNullException()
    {
        Assert.Throws<ArgumentNullException>(() => InitAction.Parse(null!));
        Assert.False(ActionText.TryParse(null, WeightInit.Policy.InitRegistry.BuiltIn, out _, out var error));
        Assert.Contains("null", error);
    }
}
