using System;
using System.Collections.Generic;
using System.Linq;

namespace WeightInit.Tests.Policy;

/// <summary>
/// The glob language of <see cref="WeightInit.Policy.NameGlob"/> written as its rules read, by plain backtracking
/// over segments and characters (exponential, for tiny inputs only). It shares no code with NameGlob.
/// </summary>
internal static class NameGlobReference
{
    public static bool IsMatch(string pattern, string name) => MatchSegments(SplitOutsideBraces(pattern, '.'), name.Split('.'));

    // Pattern segments against name segments, all of both.
    static bool MatchSegments(IReadOnlyList<string> pieces, ArraySegment<string> segs)
    {
        if (pieces.Count == 0) return segs.Count == 0;
        string piece = pieces[0];
        var rest = pieces.Skip(1).ToList();
        if (piece == "**") // zero or more whole segments
            return Enumerable.Range(0, segs.Count + 1).Any(m => MatchSegments(rest, segs[m..]));
        if (IsOneGroup(piece)) // one alternative, read as a pattern, in its place
            return Alternatives(piece).Any(alt => MatchSegments(SplitOutsideBraces(alt, '.').Concat(rest).ToList(), segs));
        // One or more name segments (more only when a brace holds a literal dot) as one run of characters.
        return Enumerable.Range(1, segs.Count).Any(m => MatchRun(piece, string.Join(".", (IEnumerable<string>)segs[..m])) && MatchSegments(rest, segs[m..]));
    }

    // A run of characters: '*' (any run of stars) any dot-free text, '?' one non-dot, '{..}' an alternative in place.
    static bool MatchRun(string p, string s)
    {
        if (p.Length == 0) return s.Length == 0;
        switch (p[0])
        {
            case '*':
                string afterStars = p.TrimStart('*');
                for (int l = 0; l <= s.Length; l++)
                {
                    if (MatchRun(afterStars, s[l..])) return true;
                    if (l < s.Length && s[l] == '.') return false;
                }
                return false;
            case '?':
                return s.Length > 0 && s[0] != '.' && MatchRun(p[1..], s[1..]);
            case '{':
                int close = Close(p, 0);
                return Alternatives(p[..(close + 1)]).Any(alt => MatchRun(alt + p[(close + 1)..], s));
            default:
                return s.Length > 0 && s[0] == p[0] && MatchRun(p[1..], s[1..]);
        }
    }

    static bool IsOneGroup(string piece) => piece.Length > 0 && piece[0] == '{' && Close(piece, 0) == piece.Length - 1;

    // "{a, b,{c,d}}" -> "a", "b", "{c,d}" (trimmed).
    static IEnumerable<string> Alternatives(string group) =>
        SplitOutsideBraces(group[1..^1], ',').Select(a => a.Trim());

    static List<string> SplitOutsideBraces(string s, char separator)
    {
        var parts = new List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < s.Length; i++)
        {
            if (s[i] == '{') depth++;
            else if (s[i] == '}') depth--;
            else if (s[i] == separator && depth == 0) { parts.Add(s[start..i]); start = i + 1; }
        }
        parts.Add(s[start..]);
        return parts;
    }

    static int Close(string s, int open)
    {
        int depth = 0;
        for (int i = open; i < s.Length; i++)
        {
            if (s[i] == '{') depth++;
            else if (s[i] == '}' && --depth == 0) return i;
        }
        throw new ArgumentException("unbalanced braces in a reference pattern");
    }
}
