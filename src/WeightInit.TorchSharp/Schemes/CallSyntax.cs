using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace WeightInit.Schemes;

// The one grammar of schemes and policy actions: a Python call whose arguments are values or calls themselves,
//   text     := call                                  (then only white space)
//   call     := name ['(' [arg (',' arg)* [',']] ')']  name := identifier ('.' identifier)*
//   arg      := [identifier '='] expr
//   expr     := unary (('/' | '*') unary)*
//   unary    := ('-' | '+')* atom
//   atom     := number | 'string' | "string" | '(' expr ')' | sqrt(expr) | math.sqrt(expr) | True | False | None | call
// read by one reader in one pass (linear time, nesting at most MaxDepth deep, at most MaxArguments per call) into
// nodes that the scheme and action binders then match against their parameters. Numbers follow Python's literal
// syntax; a literal that would be inf is an error.

/// <summary>A value in the call text, with the position where it starts.</summary>
internal abstract class SyntaxNode
{
    private protected SyntaxNode(int position) => Position = position;
    public int Position { get; }
}

/// <summary>A number: a literal or the value of an expression. <see cref="Integer"/> is set when it is a Python int
/// that fits a long; <see cref="Value"/> is always set and keeps the sign of a negated zero.</summary>
internal sealed class NumberNode : SyntaxNode
{
    public NumberNode(double value, long? integer, int position) : base(position) { Value = value; Integer = integer; }
    public double Value { get; }
    public long? Integer { get; }
}

/// <summary>A quoted string.</summary>
internal sealed class StringNode : SyntaxNode
{
    public StringNode(string value, int position) : base(position) => Value = value;
    public string Value { get; }
}

/// <summary><c>True</c>, <c>False</c> or <c>None</c>.</summary>
internal sealed class ConstantNode : SyntaxNode
{
    public ConstantNode(string word, int position) : base(position) => Word = word;
    public string Word { get; }
}

/// <summary>A name with or without an argument list: a scheme or action call, or an unquoted word.</summary>
internal sealed class CallNode : SyntaxNode
{
    public CallNode(string name, bool hasParentheses, List<SyntaxNode> positional, List<(string Key, SyntaxNode Value)> named, int position)
        : base(position)
    {
        Name = name;
        HasParentheses = hasParentheses;
        Positional = positional;
        Named = named;
    }

    public string Name { get; }
    public bool HasParentheses { get; }
    public List<SyntaxNode> Positional { get; }
    public List<(string Key, SyntaxNode Value)> Named { get; }
}

/// <summary>Reads the call text into nodes; FormatException with the position on anything malformed.</summary>
internal sealed class CallReader
{
    /// <summary>How deep parentheses (calls, groups, sqrt) may nest; deeper text is rejected, so nothing recurses
    /// without bound.</summary>
    public const int MaxDepth = 100;

    /// <summary>How many arguments one call may have (no scheme or action takes more than 4).</summary>
    public const int MaxArguments = 64;

    readonly string _s;
    int _i;
    int _depth;

    CallReader(string s) => _s = s;

    /// <summary>The whole text as one call (a name, with or without arguments).</summary>
    public static CallNode ReadWhole(string text)
    {
        var reader = new CallReader(text);
        reader.SkipSpace();
        if (!IsNameStart(reader.Peek())) throw new FormatException($"expected a name at position {reader._i}");
        var node = reader.ReadNameAtom();
        if (node is not CallNode call) throw new FormatException($"expected a name at position {node.Position}, but found {Show(node)}");
        reader.SkipSpace();
        if (reader._i != text.Length)
            throw new FormatException($"unexpected text '{Excerpt(text[reader._i..], 40)}' after the call at position {reader._i}");
        return call;
    }

    /// <summary>At most <paramref name="max"/> characters of <paramref name="s"/>, so a message about huge text stays short.</summary>
    internal static string Excerpt(string s, int max = 200) =>
        s.Length <= max ? s : string.Concat(s.AsSpan(0, max), $"... ({s.Length} characters)");

    SyntaxNode ReadExpression()
    {
        var left = ReadUnary();
        SkipSpace();
        while (Peek() is '/' or '*')
        {
            char op = Peek();
            int at = _i++;
            if (op == '*' && Peek() == '*') throw new FormatException($"'**' is not supported, at position {at}");
            var right = ReadUnary();
            double a = AsNumber(left).Value, b = AsNumber(right).Value;
            left = new NumberNode(op == '/' ? a / b : a * b, null, left.Position);
            SkipSpace();
        }
        return left;
    }

    SyntaxNode ReadUnary()
    {
        SkipSpace();
        int start = _i;
        bool negative = false, signed = false;
        while (Peek() is '-' or '+') { negative ^= Peek() == '-'; signed = true; _i++; SkipSpace(); }
        var atom = ReadAtom();
        if (!signed) return atom;
        var n = AsNumber(atom);
        return negative ? new NumberNode(-n.Value, -n.Integer, start) : new NumberNode(n.Value, n.Integer, start);
    }

    SyntaxNode ReadAtom()
    {
        SkipSpace();
        char c = Peek();
        int start = _i;
        if (c is '\'' or '"') return ReadQuoted();
        if (char.IsAsciiDigit(c) || (c == '.' && char.IsAsciiDigit(PeekAt(1)))) return ReadNumber();
        if (IsNameStart(c)) return ReadNameAtom();
        if (c == '(')
        {
            Enter();
            var inner = ReadExpression();
            SkipSpace();
            Expect(')');
            _depth--;
            return inner;
        }
        throw new FormatException(_i >= _s.Length
            ? $"expected a value at position {start}, but the text ended"
            : $"expected a value at position {start}, but found '{c}'");
    }

    // A name: True/False/None, sqrt(x), a call with arguments, or a bare name (a word, or a call without them).
    SyntaxNode ReadNameAtom()
    {
        int start = _i;
        string name = ReadDottedName();
        SkipSpace();
        if (Peek() != '(')
            return name is "True" or "False" or "None"
                ? new ConstantNode(name, start)
                : new CallNode(name, false, new List<SyntaxNode>(), new List<(string, SyntaxNode)>(), start);
        if (name is "sqrt" or "math.sqrt") return ReadSqrt(start);

        Enter();
        SkipSpace();
        var positional = new List<SyntaxNode>();
        var named = new List<(string, SyntaxNode)>();
        while (Peek() != ')')
        {
            int argStart = _i;
            if (positional.Count + named.Count == MaxArguments)
                throw new FormatException($"more than {MaxArguments} arguments in one call, at position {argStart}");
            string? key = TryReadKeyword();
            if (key == null)
            {
                if (named.Count > 0) throw new FormatException($"positional argument follows keyword argument, at position {argStart}");
                positional.Add(ReadExpression());
            }
            else
            {
                foreach (var (k, _) in named)
                    if (k == key) throw new FormatException($"keyword argument repeated: {key}, at position {argStart}");
                named.Add((key, ReadExpression()));
            }
            SkipSpace();
            if (Peek() == ',') { _i++; SkipSpace(); continue; }
            if (Peek() != ')') throw new FormatException($"expected ',' or ')' at position {_i}");
        }
        _i++;
        _depth--;
        return new CallNode(name, true, positional, named, start);
    }

    NumberNode ReadSqrt(int start)
    {
        Enter();
        var inner = AsNumber(ReadExpression());
        SkipSpace();
        Expect(')');
        _depth--;
        if (inner.Value < 0) throw new FormatException($"math domain error: sqrt of a negative number, at position {start}");
        return new NumberNode(Math.Sqrt(inner.Value), null, start);
    }

    // Consumes '(' and counts one more level of nesting.
    void Enter()
    {
        if (++_depth > MaxDepth) throw new FormatException($"text nested deeper than {MaxDepth} levels, at position {_i}");
        _i++;
    }

    // Python's decimal, hex, octal and binary literals: underscores only between digits, no leading zeros in
    // a nonzero decimal int, an exponent needs digits, and nothing may follow the literal directly.
    NumberNode ReadNumber()
    {
        int start = _i;
        if (Peek() == '0' && PeekAt(1) is 'x' or 'X' or 'o' or 'O' or 'b' or 'B') return ReadRadixInteger(start);

        bool isFloat = false;
        if (Peek() != '.') ReadDigitPart(start, 10);
        if (Peek() == '.')
        {
            isFloat = true;
            _i++;
            if (char.IsAsciiDigit(Peek())) ReadDigitPart(start, 10);
        }
        if (Peek() is 'e' or 'E')
        {
            isFloat = true;
            _i++;
            if (Peek() is '+' or '-') _i++;
            if (!char.IsAsciiDigit(Peek())) throw InvalidLiteral(start, "an exponent needs digits");
            ReadDigitPart(start, 10);
        }
        EndOfLiteral(start);

        var token = Digits(start, _i);
        if (isFloat)
        {
            double d = double.Parse(token, NumberStyles.Float, CultureInfo.InvariantCulture);
            if (double.IsInfinity(d)) throw new FormatException($"the number at position {start} is too large for a float (it would be inf)");
            return new NumberNode(d, null, start);
        }
        var significant = token.TrimStart('0');
        if (significant.Length == 0) return new NumberNode(0, 0, start);
        if (significant.Length != token.Length)
            throw InvalidLiteral(start, "leading zeros in decimal integer literals are not permitted");
        return IntegerNode(significant, 10, start);
    }

    NumberNode ReadRadixInteger(int start)
    {
        _i++;
        int radix = char.ToLowerInvariant(_s[_i++]) switch { 'x' => 16, 'o' => 8, _ => 2 };
        if (Peek() == '_') _i++; // 0x_ff is Python
        int digitsStart = _i;
        if (!IsDigit(Peek(), radix)) throw InvalidLiteral(start, $"expected base-{radix} digits");
        ReadDigitPart(start, radix);
        EndOfLiteral(start);
        return IntegerNode(Digits(digitsStart, _i).TrimStart('0'), radix, start);
    }

    static bool IsDigit(char c, int radix) => radix == 16 ? char.IsAsciiHexDigit(c) : c >= '0' && c < '0' + radix;

    // digitpart := digit (['_'] digit)*
    void ReadDigitPart(int start, int radix)
    {
        while (true)
        {
            while (IsDigit(Peek(), radix)) _i++;
            if (Peek() != '_') return;
            if (!IsDigit(PeekAt(1), radix)) throw InvalidLiteral(start, "'_' must stand between digits");
            _i++;
        }
    }

    // The literal's characters without its underscores; a slice of the text when it has none.
    ReadOnlySpan<char> Digits(int from, int to)
    {
        var span = _s.AsSpan(from, to - from);
        if (span.IndexOf('_') < 0) return span;
        var sb = new StringBuilder(span.Length);
        foreach (char c in span) if (c != '_') sb.Append(c);
        return sb.ToString();
    }

    void EndOfLiteral(int start)
    {
        char c = Peek();
        if (c == '_') throw InvalidLiteral(start, "'_' must stand between digits");
        if (c == '.' || char.IsLetterOrDigit(c)) throw InvalidLiteral(start, $"unexpected '{c}' at position {_i}");
    }

    FormatException InvalidLiteral(int start, string why)
    {
        int end = Math.Max(_i, start + 1);
        while (end < _s.Length && end - start < 40 && (char.IsLetterOrDigit(_s[end]) || _s[end] is '_' or '.' or '+' or '-')) end++;
        return new FormatException($"invalid number literal '{Excerpt(_s[start..Math.Min(end, _s.Length)], 40)}' at position {start}: {why}");
    }

    // An int of any size, as Python's; its float value must be finite (Python: "int too large to convert to float").
    static NumberNode IntegerNode(ReadOnlySpan<char> digits, int radix, int start)
    {
        if (digits.Length == 0) return new NumberNode(0, 0, start);
        // More than 1024 bits' worth of digits is inf as a float, whatever they are.
        if (digits.Length * Math.Log2(radix) > 1030)
            throw new FormatException($"the integer at position {start} is too large to convert to a float");
        long exact = 0;
        bool fits = true;
        foreach (char c in digits)
        {
            int d = char.IsAsciiDigit(c) ? c - '0' : char.ToLowerInvariant(c) - 'a' + 10;
            if (exact > (long.MaxValue - d) / radix) { fits = false; break; }
            exact = exact * radix + d;
        }
        // A long converts to the nearest double; larger ints go through their decimal digits, which double.Parse
        // rounds correctly, as Python's float(int) does.
        double value = fits ? exact
            : double.Parse(radix == 10 ? digits : BigValue(digits, radix), NumberStyles.None, CultureInfo.InvariantCulture);
        if (double.IsInfinity(value)) throw new FormatException($"the integer at position {start} is too large to convert to a float");
        return new NumberNode(value, fits ? exact : null, start);
    }

    static string BigValue(ReadOnlySpan<char> digits, int radix)
    {
        var big = System.Numerics.BigInteger.Zero;
        foreach (char c in digits) big = big * radix + (char.IsAsciiDigit(c) ? c - '0' : char.ToLowerInvariant(c) - 'a' + 10);
        return big.ToString(CultureInfo.InvariantCulture);
    }

    StringNode ReadQuoted()
    {
        int start = _i;
        char quote = _s[_i++];
        int end = _s.IndexOf(quote, _i);
        if (end < 0) throw new FormatException($"unterminated string starting at position {start}");
        string value = _s[_i..end];
        _i = end + 1;
        return new StringNode(value, start);
    }

    // "name =" (not "==") is a keyword; otherwise nothing is consumed.
    string? TryReadKeyword()
    {
        if (!IsNameStart(Peek())) return null;
        int save = _i;
        string word = ReadIdentifier();
        SkipSpace();
        if (Peek() == '=' && PeekAt(1) != '=') { _i++; return word; }
        _i = save;
        return null;
    }

    string ReadDottedName()
    {
        int start = _i;
        ReadIdentifier();
        while (Peek() == '.') { _i++; ReadIdentifier(); }
        return _s[start.._i];
    }

    string ReadIdentifier()
    {
        int start = _i;
        if (IsNameStart(Peek())) _i++;
        while (_i < _s.Length && (char.IsLetterOrDigit(_s[_i]) || _s[_i] == '_')) _i++;
        if (_i == start) throw new FormatException($"expected a name at position {start}");
        return _s[start.._i];
    }

    static bool IsNameStart(char c) => char.IsLetter(c) || c == '_';

    static NumberNode AsNumber(SyntaxNode node) => node switch
    {
        NumberNode n => n,
        CallNode c => throw new FormatException($"unexpected '{Excerpt(c.Name, 40)}' in a number at position {c.Position}"),
        _ => throw new FormatException($"expected a number at position {node.Position}, but got {Show(node)}"),
    };

    /// <summary>A node as Python would print it, shortened.</summary>
    internal static string Show(SyntaxNode node) => node switch
    {
        NumberNode n => n.Integer is long l ? l.ToString(CultureInfo.InvariantCulture) : ShowDouble(n.Value),
        StringNode s => $"'{Excerpt(s.Value, 40)}'",
        ConstantNode k => k.Word,
        CallNode c => Excerpt(c.Name, 40) + (c.HasParentheses ? "(...)" : ""),
        _ => "?",
    };

    internal static string ShowDouble(double d) =>
        double.IsNaN(d) ? "nan" : double.IsPositiveInfinity(d) ? "inf" : double.IsNegativeInfinity(d) ? "-inf"
        : d.ToString("R", CultureInfo.InvariantCulture);

    void Expect(char c)
    {
        if (Peek() != c) throw new FormatException($"expected '{c}' at position {_i}");
        _i++;
    }

    char Peek() => _i < _s.Length ? _s[_i] : '\0';

    char PeekAt(int offset) => _i + offset < _s.Length ? _s[_i + offset] : '\0';

    void SkipSpace() { while (_i < _s.Length && char.IsWhiteSpace(_s[_i])) _i++; }
}
