using System;
using System.Collections.Generic;
using System.Globalization;
using WeightInit.Schemes;
using static WeightInit.Schemes.ParameterKind;

namespace WeightInit.Policy.Actions;

/// <summary>Reads the text form of actions: <c>keep</c>; <c>blocks(n, action)</c> and <c>scaled(factor, action)</c>
/// around another action; the library's layer-aware actions; otherwise an <see cref="InitScheme"/> call.</summary>
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

    public static InitAction Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        string t = text.Trim();
        if (t == "keep") return KeepAction.Instance;
        foreach (var wrapper in new[] { "blocks", "scaled" })
            if (t.StartsWith(wrapper + "(", StringComparison.Ordinal) && t.EndsWith(')'))
            {
                string inside = t[(wrapper.Length + 1)..^1];
                int comma = inside.IndexOf(',');
                if (comma < 0) throw new ArgumentException($"{wrapper}(...) needs two arguments: {wrapper}(x, action)", nameof(text));
                string head = inside[..comma].Trim();
                var inner = Parse(inside[(comma + 1)..]);
                return wrapper == "blocks"
                    ? new BlocksAction(int.Parse(head, NumberStyles.Integer, CultureInfo.InvariantCulture), inner)
                    : new ScaledAction(double.Parse(head, NumberStyles.Float, CultureInfo.InvariantCulture), inner);
            }
        try
        {
            var (name, positional, named) = new SchemeText.Reader(t).ReadCall();
            var entry = Array.Find(Actions, a => a.Name == name);
            if (entry != null) return entry.Create(SchemeText.Reader.Bind(name, entry.Parameters, positional, named));
        }
        catch (FormatException e)
        {
            throw new ArgumentException($"Cannot parse init action \"{text}\": {e.Message}", nameof(text));
        }
        if (SchemeText.TryParse(t, out var scheme, out var error)) return new SchemeAction(scheme!);
        throw new ArgumentException($"{error}. Policy actions also include: {Names}", nameof(text));
    }
}
