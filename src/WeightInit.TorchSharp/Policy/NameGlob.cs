using System;
using System.Text;
using System.Text.RegularExpressions;

namespace WeightInit.Policy;

/// <summary>
/// Globs over dotted parameter names: <c>*</c> matches within one segment, <c>**</c> matches any number of whole
/// segments (zero too), <c>?</c> one character, <c>{a,b}</c> either alternative. <c>blocks.*.attn.W_query.weight</c>,
/// <c>**.bias</c>, <c>**.{q,k,v}_proj.weight</c>.
/// </summary>
public sealed class NameGlob : IEquatable<NameGlob>
{
    readonly Regex _regex;

    public NameGlob(string pattern)
    {
        Pattern = pattern ?? throw new ArgumentNullException(nameof(pattern));
        if (pattern.Length == 0) throw new ArgumentException("A name glob cannot be empty", nameof(pattern));
        _regex = new Regex("^" + ToRegex(pattern) + "$", RegexOptions.CultureInvariant);
    }

    public string Pattern { get; }

    public bool IsMatch(string name) => _regex.IsMatch(name);

    static string ToRegex(string glob)
    {
        var sb = new StringBuilder();
        string[] segments = SplitSegments(glob);
        int last = segments.Length - 1;
        for (int i = 0; i <= last; i++)
        {
            if (segments[i] == "**")
            {
                // Not last: any leading "x." segments. Last: any trailing ".x" segments (all of it when alone).
                sb.Append(i < last ? "(?:[^.]+\\.)*" : i == 0 ? ".+" : "(?:\\.[^.]+)*");
                continue;
            }
            sb.Append(Segment(segments[i]));
            bool nextIsTrailingStars = i + 1 == last && segments[last] == "**";
            if (i < last && !nextIsTrailingStars) sb.Append("\\.");
        }
        return sb.ToString();
    }

    // Splits on dots outside braces: "{in_proj_bias,out_proj.bias}" is one segment.
    static string[] SplitSegments(string glob)
    {
        var parts = new System.Collections.Generic.List<string>();
        int depth = 0, start = 0;
        for (int i = 0; i < glob.Length; i++)
        {
            if (glob[i] == '{') depth++;
            else if (glob[i] == '}') depth--;
            else if (glob[i] == '.' && depth == 0) { parts.Add(glob[start..i]); start = i + 1; }
        }
        parts.Add(glob[start..]);
        return parts.ToArray();
    }

    static string Segment(string s)
    {
        var sb = new StringBuilder();
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            switch (c)
            {
                case '*': sb.Append("[^.]*"); break;
                case '?': sb.Append("[^.]"); break;
                case '{':
                    int end = s.IndexOf('}', i);
                    if (end < 0) throw new ArgumentException($"Unclosed '{{' in name glob segment '{s}'");
                    var options = s[(i + 1)..end].Split(',');
                    sb.Append("(?:").Append(string.Join("|", Array.ConvertAll(options, o => Segment(o.Trim())))).Append(')');
                    i = end;
                    break;
                default: sb.Append(Regex.Escape(c.ToString())); break;
            }
        }
        return sb.ToString();
    }

    public bool Equals(NameGlob? other) => other is not null && other.Pattern == Pattern;
    public override bool Equals(object? obj) => Equals(obj as NameGlob);
    public override int GetHashCode() => Pattern.GetHashCode(StringComparison.Ordinal);
    public override string ToString() => Pattern;
}
