using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace WeightInit.Schemes;

/// <summary>
/// The text form of schemes: Python's call syntax for torch.nn.init without the tensor.
/// Accepted: an optional <c>torch.nn.init.</c>, <c>nn.init.</c> or <c>init.</c> prefix; the name with or without its
/// trailing underscore; parentheses optional when every argument has a default; positional arguments in PyTorch's
/// order, then keyword arguments; words quoted or not; numbers also as <c>sqrt(5)</c>, <c>math.sqrt(5)</c>, <c>5/3</c>.
/// </summary>
public static class SchemeText
{
    /// <summary>Parses one scheme; ArgumentException (FormatException inside) naming what is wrong and what is valid.</summary>
    public static InitScheme Parse(string text)
    {
        if (!TryParse(text, out var scheme, out var error)) throw new ArgumentException(error, nameof(text));
        return scheme!;
    }

    public static bool TryParse(string text, out InitScheme? scheme, out string? error)
    {
        scheme = null;
        try
        {
            scheme = new Reader(text ?? throw new FormatException("scheme text is null")).ReadScheme();
            error = null;
            return true;
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            error = $"Cannot parse init scheme \"{text}\": {e.Message}";
            return false;
        }
    }

    /// <summary>Canonical form: name, then the arguments that differ from their defaults, by keyword.</summary>
    public static string Format(InitScheme scheme)
    {
        var descriptor = SchemeCatalog.Find(scheme.Name)!;
        var values = scheme.Values;
        var args = new List<string>();
        for (int i = 0; i < descriptor.Parameters.Count; i++)
        {
            var p = descriptor.Parameters[i];
            if (!p.Required && Equals(Normalize(p.Default!), Normalize(values[i]))) continue;
            args.Add($"{p.Name}={FormatValue(values[i])}");
        }
        return $"{scheme.Name}({string.Join(", ", args)})";
    }

    internal static string FormatValue(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        string s => $"'{s}'",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    static object Normalize(object v) => v is string s ? s.ToLowerInvariant() : v;

    /// <summary>A small recursive-descent reader over the call syntax.</summary>
    internal sealed class Reader
    {
        readonly string _s;
        int _i;

        public Reader(string s) => _s = s;

        /// <summary>Reads <c>name</c>, <c>name(...)</c> with positional and keyword values, to the end of the text.</summary>
        public (string Name, List<object> Positional, Dictionary<string, object> Named) ReadCall()
        {
            string name = ReadDottedName();
            var positional = new List<object>();
            var named = new Dictionary<string, object>(StringComparer.Ordinal);
            SkipSpace();
            if (Peek() == '(')
            {
                _i++;
                SkipSpace();
                while (Peek() != ')')
                {
                    int save = _i;
                    string? key = TryReadKeyword();
                    if (key == null)
                    {
                        _i = save;
                        if (named.Count > 0) throw new FormatException("positional argument follows keyword argument");
                        positional.Add(ReadValue());
                    }
                    else
                    {
                        if (named.ContainsKey(key)) throw new FormatException($"keyword argument repeated: {key}");
                        named[key] = ReadValue();
                    }
                    SkipSpace();
                    if (Peek() == ',') { _i++; SkipSpace(); continue; }
                    if (Peek() != ')') throw new FormatException($"expected ',' or ')' at position {_i}");
                }
                _i++;
            }
            SkipSpace();
            if (_i != _s.Length) throw new FormatException($"unexpected text '{_s[_i..]}' after the call");
            return (name, positional, named);
        }

        public InitScheme ReadScheme()
        {
            var (name, positional, named) = ReadCall();
            foreach (var prefix in new[] { "torch.nn.init.", "nn.init.", "init." })
                if (name.StartsWith(prefix, StringComparison.Ordinal)) { name = name[prefix.Length..]; break; }
            if (name.Contains('.')) throw new FormatException($"unknown prefix in '{name}'; use torch.nn.init., nn.init. or none");
            string canonical = name.EndsWith('_') ? name : name + "_";
            var descriptor = SchemeCatalog.Find(canonical)
                ?? throw new FormatException($"unknown scheme '{name}'. Valid: {SchemeCatalog.Names}");
            return descriptor.Create(Bind(descriptor.Name, descriptor.Parameters, positional, named));
        }

        /// <summary>Matches positional and keyword values to parameters, fills defaults, converts kinds.</summary>
        public static object[] Bind(string callee, IReadOnlyList<SchemeParameter> ps, List<object> positional, Dictionary<string, object> named)
        {
            string valid = ps.Count == 0 ? "none" : string.Join(", ", ps.Select(p => p.Name));
            if (positional.Count > ps.Count)
                throw new FormatException($"{callee} takes {ps.Count} argument(s) ({valid}) but {positional.Count} were given");
            var values = new object?[ps.Count];
            for (int i = 0; i < positional.Count; i++) values[i] = positional[i];
            foreach (var (key, value) in named)
            {
                int at = ps.ToList().FindIndex(p => p.Name == key);
                if (at < 0) throw new FormatException($"{callee} got an unexpected keyword argument '{key}'; valid: {valid}");
                if (values[at] != null) throw new FormatException($"{callee} got multiple values for argument '{key}'");
                values[at] = value;
            }
            var args = new object[ps.Count];
            for (int i = 0; i < ps.Count; i++)
            {
                var p = ps[i];
                if (values[i] == null && p.Required) throw new FormatException($"{callee} missing required argument '{p.Name}'");
                args[i] = Convert(callee, p, values[i] ?? p.Default!);
            }
            return args;
        }

        static object Convert(string scheme, SchemeParameter p, object value) => (p.Kind, value) switch
        {
            (ParameterKind.Number, double v) => v,
            (ParameterKind.Number, long v) => (double)v,
            (ParameterKind.Integer, long v) => v,
            (ParameterKind.Integer, double v) when v == Math.Floor(v) && Math.Abs(v) < 1e15 => (long)v,
            (ParameterKind.Word, string v) => v,
            _ => throw new FormatException(
                $"{scheme} argument '{p.Name}' expects {(p.Kind == ParameterKind.Word ? "a word" : p.Kind == ParameterKind.Integer ? "an integer" : "a number")}, but got {Show(value)}"),
        };

        static string Show(object v) => v switch { bool b => b ? "True" : "False", NoneValue => "None", _ => FormatValue(v) };

        sealed class NoneValue { public static readonly NoneValue Instance = new(); }

        object ReadValue()
        {
            SkipSpace();
            char c = Peek();
            if (c is '\'' or '"') return ReadQuoted();
            if (char.IsLetter(c))
            {
                int save = _i;
                string word = ReadDottedName();
                SkipSpace();
                if ((word is "sqrt" or "math.sqrt") && Peek() == '(') { _i = save; return ReadNumberExpression(); }
                return word switch { "True" => true, "False" => false, "None" => NoneValue.Instance, _ => word };
            }
            return ReadNumberExpression();
        }

        // number-expr := signed-term ('/' signed-term)*
        object ReadNumberExpression()
        {
            object left = ReadSignedTerm();
            SkipSpace();
            while (Peek() == '/')
            {
                _i++;
                double right = AsDouble(ReadSignedTerm());
                left = AsDouble(left) / right;
                SkipSpace();
            }
            return left;
        }

        object ReadSignedTerm()
        {
            SkipSpace();
            bool negative = false;
            while (Peek() is '-' or '+') { negative ^= Peek() == '-'; _i++; SkipSpace(); }
            object term;
            if (char.IsLetter(Peek()))
            {
                string fn = ReadDottedName();
                if (fn is not ("sqrt" or "math.sqrt")) throw new FormatException($"unexpected '{fn}' in a number");
                SkipSpace();
                Expect('(');
                double inner = AsDouble(ReadNumberExpression());
                SkipSpace();
                Expect(')');
                term = Math.Sqrt(inner);
            }
            else if (Peek() == '(')
            {
                _i++;
                term = ReadNumberExpression();
                SkipSpace();
                Expect(')');
            }
            else term = ReadNumber();
            return !negative ? term : term is long l ? -l : -(double)term;
        }

        object ReadNumber()
        {
            int start = _i;
            while (_i < _s.Length && (char.IsDigit(_s[_i]) || _s[_i] is '.' or 'e' or 'E' or '_'
                   || (_s[_i] is '-' or '+' && _i > start && _s[_i - 1] is 'e' or 'E'))) _i++;
            string token = _s[start.._i].Replace("_", "");
            if (token.Length == 0) throw new FormatException($"expected a value at position {start}");
            if (long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out long l)) return l;
            if (double.TryParse(token, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)) return d;
            throw new FormatException($"'{token}' is not a number");
        }

        static double AsDouble(object v) => v switch
        {
            double d => d,
            long l => l,
            _ => throw new FormatException($"expected a number, but got {Show(v)}"),
        };

        string ReadQuoted()
        {
            char quote = _s[_i++];
            int start = _i;
            while (_i < _s.Length && _s[_i] != quote) _i++;
            if (_i >= _s.Length) throw new FormatException("unterminated string");
            return _s[start.._i++];
        }

        string? TryReadKeyword()
        {
            if (!char.IsLetter(Peek()) && Peek() != '_') return null;
            string word = ReadIdentifier();
            SkipSpace();
            if (Peek() != '=') return null;
            _i++;
            return word;
        }

        string ReadDottedName()
        {
            SkipSpace();
            var sb = new StringBuilder(ReadIdentifier());
            while (Peek() == '.') { _i++; sb.Append('.').Append(ReadIdentifier()); }
            return sb.ToString();
        }

        string ReadIdentifier()
        {
            int start = _i;
            while (_i < _s.Length && (char.IsLetterOrDigit(_s[_i]) || _s[_i] == '_')) _i++;
            if (_i == start) throw new FormatException($"expected a name at position {start}");
            return _s[start.._i];
        }

        void Expect(char c)
        {
            if (Peek() != c) throw new FormatException($"expected '{c}' at position {_i}");
            _i++;
        }

        char Peek() => _i < _s.Length ? _s[_i] : '\0';

        void SkipSpace() { while (_i < _s.Length && char.IsWhiteSpace(_s[_i])) _i++; }
    }
}
