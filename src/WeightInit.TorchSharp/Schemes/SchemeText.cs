using System;
using System.Diagnostics.CodeAnalysis;
using System.Collections.Generic;
using System.Globalization;

namespace WeightInit.Schemes;

/// <summary>
/// The text form of schemes: Python's call syntax for torch.nn.init without the tensor.
/// Accepted: an optional <c>torch.nn.init.</c>, <c>nn.init.</c> or <c>init.</c> prefix; the name with or without its
/// trailing underscore; parentheses optional when every argument has a default; positional arguments in PyTorch's
/// order, then keyword arguments; words quoted or not; numbers in Python's literal syntax, also as <c>sqrt(5)</c>,
/// <c>math.sqrt(5)</c>, <c>5/3</c>, <c>2*0.5</c>. The grammar and its limits are <see cref="CallReader"/>'s, shared with
/// policy actions.
/// </summary>
internal static class SchemeText
{
    /// <summary>Parses one scheme, knowing <paramref name="registry"/>'s user schemes; ArgumentException naming what is wrong (and where, or what is valid).</summary>
    public static InitScheme Parse(string text, SchemeRegistry registry)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!TryParse(text, registry, out var scheme, out var error)) throw new ArgumentException(error, nameof(text));
        return scheme!;
    }

    /// <summary>Like <see cref="Parse"/>; never throws: false and the reason instead.</summary>
    public static bool TryParse(string? text, SchemeRegistry registry, [NotNullWhen(true)] out InitScheme? scheme, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(registry);
        scheme = null;
        if (text == null)
        {
            error = "Cannot parse init scheme: the text is null";
            return false;
        }
        try
        {
            scheme = FromCall(CallReader.ReadWhole(text), registry);
            error = null;
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            error = $"Cannot parse init scheme \"{CallReader.Excerpt(text)}\": {e.Message}";
            return false;
        }
    }

    /// <summary>Canonical form: name, then the arguments that differ from their defaults, by keyword.</summary>
    public static string Format(InitScheme scheme)
    {
        var parameters = scheme is CustomScheme custom ? custom.Parameters : SchemeCatalog.Find(scheme.Name)!.Parameters;
        return FormatCall(scheme.Name, parameters, scheme.Values);
    }

    /// <summary>A call's canonical form from its parameters and values; tolerant of a user type whose lists disagree
    /// (it prints what both have), so printing never throws.</summary>
    internal static string FormatCall(string name, IReadOnlyList<SchemeParameter>? parameters, IReadOnlyList<object>? values)
    {
        var args = new List<string>();
        int n = Math.Min(parameters?.Count ?? 0, values?.Count ?? 0);
        for (int i = 0; i < n; i++)
        {
            var p = parameters![i];
            var value = values![i];
            if (p is null || value is null) continue;
            if (!p.Required && SameValue(p.Default!, value)) continue;
            args.Add($"{p.Name}={FormatValue(value)}");
        }
        return $"{name}({string.Join(", ", args)})";
    }

    // Bitwise for numbers, so a -0.0 where the default is 0 is printed (and keeps its sign through a round trip).
    static bool SameValue(object a, object b) => (a, b) switch
    {
        (double x, double y) => BitConverter.DoubleToInt64Bits(x) == BitConverter.DoubleToInt64Bits(y),
        (string x, string y) => string.Equals(x, y, StringComparison.OrdinalIgnoreCase),
        _ => Equals(a, b),
    };

    /// <summary>A value as the text form writes it; doubles in round-trip form ("R"), so they parse back to the same bits.</summary>
    internal static string FormatValue(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        string s => s.Contains('\'') && !s.Contains('"') ? $"\"{s}\"" : $"'{s}'", // a user word may hold a quote
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>The scheme a parsed call names (prefix and trailing underscore optional).</summary>
    internal static InitScheme FromCall(CallNode call, SchemeRegistry registry)
    {
        var descriptor = Find(call, registry) ?? throw new FormatException($"unknown scheme '{CallReader.Excerpt(call.Name, 60)}'. Valid: {registry.Names}");
        try { return descriptor.Create(Bind(descriptor.Name, descriptor.Parameters, call)); }
        catch (OverflowException) { throw new FormatException($"{descriptor.Name}: an argument is out of range (overflow)"); }
    }

    /// <summary>The catalog entry a call names, or null; FormatException for a prefix other than torch.nn.init.</summary>
    internal static SchemeDescriptor? Find(CallNode call, SchemeRegistry registry)
    {
        string name = call.Name;
        foreach (var prefix in new[] { "torch.nn.init.", "nn.init.", "init." })
            if (name.StartsWith(prefix, StringComparison.Ordinal)) { name = name[prefix.Length..]; break; }
        if (name.Contains('.')) throw new FormatException($"unknown prefix in '{CallReader.Excerpt(name, 60)}'; use torch.nn.init., nn.init. or none");
        return registry.Find(name.EndsWith('_') ? name : name + "_");
    }

    /// <summary>Matches a call's positional and keyword arguments to parameters (Python's rules and messages):
    /// the node given for each parameter, null where none was.</summary>
    internal static SyntaxNode?[] Match(string callee, IReadOnlyList<string> names, CallNode call)
    {
        string valid = names.Count == 0 ? "none" : string.Join(", ", names);
        if (call.Positional.Count > names.Count)
            throw new FormatException($"{callee} takes {names.Count} argument(s) ({valid}) but {call.Positional.Count} were given");
        var nodes = new SyntaxNode?[names.Count];
        for (int i = 0; i < call.Positional.Count; i++) nodes[i] = call.Positional[i];
        foreach (var (key, value) in call.Named)
        {
            int at = -1;
            for (int i = 0; i < names.Count && at < 0; i++) if (names[i] == key) at = i;
            if (at < 0) throw new FormatException($"{callee} got an unexpected keyword argument '{CallReader.Excerpt(key, 60)}'; valid: {valid}");
            if (nodes[at] != null) throw new FormatException($"{callee} got multiple values for argument '{key}'");
            nodes[at] = value;
        }
        return nodes;
    }

    /// <summary>Matches the arguments, fills defaults and converts each to its parameter's kind.</summary>
    internal static object[] Bind(string callee, IReadOnlyList<SchemeParameter> ps, CallNode call)
    {
        var names = new string[ps.Count];
        for (int i = 0; i < ps.Count; i++) names[i] = ps[i].Name;
        var nodes = Match(callee, names, call);
        var args = new object[ps.Count];
        for (int i = 0; i < ps.Count; i++)
        {
            var p = ps[i];
            if (nodes[i] is not SyntaxNode node)
                args[i] = p.Required ? throw new FormatException($"{callee} missing required argument '{p.Name}'") : p.Default!;
            else
                args[i] = p.Kind switch
                {
                    ParameterKind.Number => Number(callee, p.Name, node),
                    ParameterKind.Integer => Integer(callee, p.Name, node),
                    _ => Word(callee, p.Name, node),
                };
        }
        return args;
    }

    /// <summary>A finite double; a negated zero keeps its sign.</summary>
    internal static double Number(string callee, string name, SyntaxNode node)
    {
        if (node is not NumberNode n) throw Expects(callee, name, "a number", node);
        if (!double.IsFinite(n.Value))
            throw new FormatException($"{callee}: {name} must be a finite number, but found {CallReader.ShowDouble(n.Value)} (at position {node.Position})");
        return n.Value;
    }

    /// <summary>An int (as a long): a Python int, or a float with an integral value, within 32 bits.</summary>
    internal static long Integer(string callee, string name, SyntaxNode node)
    {
        if (node is not NumberNode n) throw Expects(callee, name, "an integer", node);
        double v = n.Value;
        if (n.Integer is null && (!double.IsFinite(v) || v != Math.Floor(v))) throw Expects(callee, name, "an integer", node);
        if (n.Integer is not long l)
        {
            if (Math.Abs(v) > int.MaxValue) throw OutOfRange(callee, name, node);
            l = (long)v;
        }
        if (l is < int.MinValue or > int.MaxValue) throw OutOfRange(callee, name, node);
        return l;
    }

    static string Word(string callee, string name, SyntaxNode node) => node switch
    {
        StringNode s => s.Value,
        CallNode { HasParentheses: false } c => c.Name,
        _ => throw Expects(callee, name, "a word", node),
    };

    static FormatException Expects(string callee, string name, string what, SyntaxNode node) =>
        new($"{callee} argument '{name}' expects {what}, but got {CallReader.Show(node)} (at position {node.Position})");

    static FormatException OutOfRange(string callee, string name, SyntaxNode node) =>
        new($"{callee} argument '{name}' is out of range: {CallReader.Show(node)} overflows a 32-bit integer (at position {node.Position})");
}
