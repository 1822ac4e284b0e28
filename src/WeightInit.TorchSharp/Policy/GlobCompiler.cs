using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using Op = WeightInit.Policy.GlobAutomaton.Op;

namespace WeightInit.Policy;

/// <summary>
/// Compiles a <see cref="NameGlob"/> pattern (the language is described there) into a <see cref="GlobAutomaton"/>.
/// Every name segment is read together with the dot after it (the automaton appends one to the name), which makes
/// <c>**</c> a plain loop, "(segment '.')*", that means zero or more segments wherever it stands. A first pass pairs
/// the braces and bounds their nesting, so the recursive descent that follows is at most <see cref="NameGlob.MaxNesting"/>
/// levels deep; the automaton has a few states per pattern character.
/// </summary>
internal sealed class GlobCompiler
{
    readonly string _p;
    readonly int[] _close; // for each '{', the index of its '}'
    readonly List<Op> _ops = new();
    readonly List<char> _chars = new();
    readonly List<int> _out1 = new();
    readonly List<int> _out2 = new();

    readonly record struct Fragment(int Start, int End); // End: an Epsilon state whose Out1 is not yet set

    GlobCompiler(string pattern)
    {
        _p = pattern;
        _close = PairBraces(pattern);
    }

    public static GlobAutomaton Compile(string pattern)
    {
        if (pattern.Length > NameGlob.MaxLength)
            throw new ArgumentException($"A name glob is limited to {NameGlob.MaxLength} characters, but found {pattern.Length}", nameof(pattern));
        var c = new GlobCompiler(pattern);
        var body = c.Segments(0, pattern.Length);
        int match = c.State(Op.Match);
        c._out1[body.End] = match;
        return c.SkipEpsilons(body.Start);
    }

    // Points every transition past the Epsilon states (the joints between fragments), so matching never visits them.
    // Every loop of the automaton reads a character, so no chain of Epsilons is a cycle.
    GlobAutomaton SkipEpsilons(int start)
    {
        var target = new int[_ops.Count]; // for an Epsilon, the first other state it leads to (0: not yet known)
        var chain = new List<int>();
        int Skip(int s)
        {
            chain.Clear();
            while (s >= 0 && _ops[s] == Op.Epsilon && target[s] == 0) { chain.Add(s); s = _out1[s]; }
            if (s >= 0 && _ops[s] == Op.Epsilon) s = target[s] - 1;
            foreach (int e in chain) target[e] = s + 1; // each chain is walked once
            return s;
        }
        for (int s = 0; s < _ops.Count; s++)
        {
            _out1[s] = Skip(_out1[s]);
            _out2[s] = Skip(_out2[s]);
        }
        return new GlobAutomaton(_ops.ToArray(), _chars.ToArray(), _out1.ToArray(), _out2.ToArray(), Skip(start));
    }

    static int[] PairBraces(string p)
    {
        var close = new int[p.Length];
        var open = new Stack<int>();
        for (int i = 0; i < p.Length; i++)
        {
            if (p[i] == '{')
            {
                open.Push(i);
                if (open.Count > NameGlob.MaxNesting)
                    throw Bad(p, $"braces nest more than {NameGlob.MaxNesting} deep at position {i}");
            }
            else if (p[i] == '}')
            {
                if (open.Count == 0) throw Bad(p, $"unmatched '}}' at position {i}");
                close[open.Pop()] = i;
            }
        }
        if (open.Count > 0)
        {
            int first = 0;
            foreach (int i in open) first = i; // the stack enumerates innermost first
            throw Bad(p, $"unclosed '{{' at position {first}");
        }
        return close;
    }

    [SuppressMessage("Usage", "CA2208", Justification = "Thrown for the pattern of new NameGlob(pattern).")]
    static ArgumentException Bad(string p, string problem) =>
        new($"Invalid name glob '{(p.Length <= 80 ? p : p[..80] + "...")}': {problem}", "pattern");

    // [start, end) as a list of segments, each followed by its dot.
    Fragment Segments(int start, int end)
    {
        Fragment? all = null;
        int pieceStart = start;
        for (int i = start; ; i++)
        {
            if (i < end && _p[i] == '{') { i = _close[i]; continue; }
            if (i < end && _p[i] != '.') continue;
            var piece = Segment(pieceStart, i);
            all = all is { } a ? Concat(a, piece) : piece;
            if (i >= end) return all.Value;
            pieceStart = i + 1;
        }
    }

    Fragment Segment(int start, int end)
    {
        if (end - start == 2 && _p[start] == '*' && _p[start + 1] == '*') return Globstar();
        if (end > start && _p[start] == '{' && _close[start] == end - 1)
            return Alternatives(start, Segments);
        return Concat(Within(start, end), Char('.'));
    }

    // [start, end) inside one segment: dots are literal and '**' is '*'.
    Fragment Within(int start, int end)
    {
        var all = Empty();
        for (int i = start; i < end; i++)
        {
            char c = _p[i];
            Fragment f;
            if (c == '*')
            {
                while (i + 1 < end && _p[i + 1] == '*') i++;
                f = Star();
            }
            else if (c == '?') f = NonDot();
            else if (c == '{')
            {
                f = Alternatives(i, Within);
                i = _close[i];
            }
            else f = Char(c);
            all = Concat(all, f);
        }
        return all;
    }

    // The group opening at `open`, each alternative (spaces around it ignored) compiled by `read`.
    Fragment Alternatives(int open, Func<int, int, Fragment> read)
    {
        int close = _close[open];
        int end = State(Op.Epsilon);
        int? previousSplit = null;
        int first = -1;
        int altStart = open + 1;
        for (int i = open + 1; i <= close; i++)
        {
            if (i < close && _p[i] == '{') { i = _close[i]; continue; }
            if (i < close && _p[i] != ',') continue;
            int a = altStart, b = i;
            while (a < b && char.IsWhiteSpace(_p[a])) a++;
            while (b > a && char.IsWhiteSpace(_p[b - 1])) b--;
            var alt = read(a, b);
            _out1[alt.End] = end;
            // A chain of splits: each either takes its alternative or goes on to the next split.
            int split = State(Op.Split, out1: alt.Start);
            if (previousSplit is int p) _out2[p] = split; else first = split;
            previousSplit = split;
            altStart = i + 1;
        }
        _ops[previousSplit!.Value] = Op.Epsilon; // the last split has nowhere else to go
        return new Fragment(first, end);
    }

    // (segment '.')*: zero or more whole segments.
    Fragment Globstar()
    {
        int end = State(Op.Epsilon);
        int loop = State(Op.Split, out2: end);
        int inSegment = State(Op.Split);
        int nonDot = State(Op.NonDot, out1: inSegment);
        int dot = State(Op.Char, '.', out1: loop);
        _out1[loop] = inSegment;
        _out1[inSegment] = nonDot;
        _out2[inSegment] = dot;
        return new Fragment(loop, end);
    }

    Fragment Star()
    {
        int end = State(Op.Epsilon);
        int loop = State(Op.Split, out2: end);
        _out1[loop] = State(Op.NonDot, out1: loop);
        return new Fragment(loop, end);
    }

    Fragment NonDot()
    {
        int end = State(Op.Epsilon);
        return new Fragment(State(Op.NonDot, out1: end), end);
    }

    Fragment Char(char c)
    {
        int end = State(Op.Epsilon);
        return new Fragment(State(Op.Char, c, out1: end), end);
    }

    Fragment Empty()
    {
        int e = State(Op.Epsilon);
        return new Fragment(e, e);
    }

    Fragment Concat(Fragment a, Fragment b)
    {
        _out1[a.End] = b.Start;
        return new Fragment(a.Start, b.End);
    }

    int State(Op op, char c = '\0', int out1 = -1, int out2 = -1)
    {
        _ops.Add(op);
        _chars.Add(c);
        _out1.Add(out1);
        _out2.Add(out2);
        return _ops.Count - 1;
    }
}
