using System;
using System.Collections.Generic;
using System.Linq;
using WeightInit.Schemes;
using static WeightInit.Schemes.ParameterKind;

namespace WeightInit.Policy.Actions;

/// <summary>Reads the text form of actions, in the same call grammar as schemes (<see cref="CallReader"/>, one pass):
/// <c>keep</c>; <c>blocks(n, action)</c> and <c>scaled(factor, action)</c>, whose action argument is itself a call;
/// the library's layer-aware actions; otherwise an <see cref="InitScheme"/> call.</summary>
internal static class ActionText
{
    sealed record Entry(string Name, SchemeParameter[] Parameters, Func<object[], InitAction> Create);

    static SchemeParameter P(string name, object? @default) => new(name, Number, @default);

    static readonly Entry[] Actions =
    {
        new("torch_default_bias", Array.Empty<SchemeParameter>(), _ => new TorchDefaultBiasAction()),
        new("bilinear_default", Array.Empty<SchemeParameter>(), _ => new BilinearDefaultAction()),
        new("rnn_default", Array.Empty<SchemeParameter>(), _ => new RnnDefaultAction()),
        new("lstm_forget_bias", new[] { P("value", 1.0) }, v => new LstmForgetBiasAction((double)v[0])),
        new("mamba_a_log", Array.Empty<SchemeParameter>(), _ => new MambaALogAction()),
        new("mamba_dt_weight", new[] { P("dt_scale", 1.0) }, v => new MambaDtWeightAction((double)v[0])),
        new("mamba_dt_bias", new[] { P("dt_min", 0.001), P("dt_max", 0.1), P("dt_init_floor", 1e-4) },
            v => new MambaDtBiasAction((double)v[0], (double)v[1], (double)v[2])),
    };

    internal static string Names => "keep, blocks(n, action), scaled(factor, action), " + string.Join(", ", Array.ConvertAll(Actions, a => a.Name + "()"));

    /// <summary>True for keep, blocks, scaled and the library's layer-aware actions.</summary>
    internal static bool IsBuiltIn(string name) => name is "keep" or "blocks" or "scaled" || Array.Exists(Actions, a => a.Name == name);

    static string AllNames(InitRegistry registry) =>
        Names + string.Concat(registry.CustomActionNames.Select(n => ", " + n + "()"));

    static readonly string[] WrapperBlocks = { "n", "action" };
    static readonly string[] WrapperScaled = { "factor", "action" };

    /// <summary>Parses one action; ArgumentException naming what is wrong and where.</summary>
    public static InitAction Parse(string text, InitRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryParse(text, registry, out var action, out var error)) throw new ArgumentException(error, nameof(text));
        return action!;
    }

    /// <summary>Like <see cref="Parse"/>; never throws: false and the reason instead.</summary>
    public static bool TryParse(string? text, InitRegistry registry, out InitAction? action, out string? error)
    {
        ArgumentNullException.ThrowIfNull(registry);
        action = null;
        if (text == null)
        {
            error = "Cannot parse init action: the text is null";
            return false;
        }
        try
        {
            action = FromCall(CallReader.ReadWhole(text), registry);
            error = null;
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            error = $"Cannot parse init action \"{CallReader.Excerpt(text)}\": {e.Message}";
            return false;
        }
    }

    // Depth is bounded by the reader's nesting limit, so this recursion is too.
    static InitAction FromCall(CallNode call, InitRegistry registry)
    {
        switch (call.Name)
        {
            case "keep":
                if (call.Positional.Count + call.Named.Count > 0) throw new FormatException("keep takes no arguments");
                return KeepAction.Instance;
            case "blocks":
            {
                var (count, inner) = Wrapper(call, WrapperBlocks, registry);
                return new BlocksAction((int)SchemeText.Integer("blocks", "n", count), inner);
            }
            case "scaled":
            {
                var (factor, inner) = Wrapper(call, WrapperScaled, registry);
                return new ScaledAction(SchemeText.Number("scaled", "factor", factor), inner);
            }
        }
        var entry = Array.Find(Actions, a => a.Name == call.Name);
        if (entry != null) return entry.Create(SchemeText.Bind(entry.Name, entry.Parameters, call));
        if (registry.FindAction(call.Name) is { } custom) return custom.Create(SchemeText.Bind(custom.Name, custom.Parameters, call));
        if (SchemeText.Find(call, registry.Schemes) == null)
            throw new FormatException($"unknown scheme or action '{CallReader.Excerpt(call.Name, 60)}'. Schemes: {registry.Schemes.Names}. Policy actions: {AllNames(registry)}");
        return new SchemeAction(SchemeText.FromCall(call, registry.Schemes));
    }

    // blocks(n, action) and scaled(factor, action): the first argument as given, the second read as an action.
    static (SyntaxNode Head, InitAction Inner) Wrapper(CallNode call, string[] names, InitRegistry registry)
    {
        string usage = $"{call.Name}({names[0]}, action)";
        if (!call.HasParentheses) throw new FormatException($"{call.Name} needs two arguments: {usage}");
        var nodes = SchemeText.Match(call.Name, names, call);
        if (nodes[0] is not SyntaxNode head) throw new FormatException($"{call.Name} missing required argument '{names[0]}': {usage}");
        if (nodes[1] is not SyntaxNode action) throw new FormatException($"{call.Name} missing required argument 'action': {usage}");
        if (action is not CallNode inner)
            throw new FormatException($"{call.Name} argument 'action' expects an action (a scheme or a policy action), but got {CallReader.Show(action)} (at position {action.Position})");
        return (head, FromCall(inner, registry));
    }
}
