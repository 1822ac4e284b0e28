using System;

namespace WeightInit.Policy;

/// <summary>
/// A glob over dotted parameter names (<c>blocks.*.attn.W_query.weight</c>, <c>**.bias</c>,
/// <c>**.{q,k,v}_proj.weight</c>). Matching is anchored, ordinal and case-sensitive, and takes time linear in the
/// name times the pattern's size, whatever the pattern.
/// <para>A pattern is a list of segments separated by dots (a dot inside braces does not separate):</para>
/// <list type="bullet">
/// <item><c>**</c> as a whole segment matches zero or more whole name segments, wherever it stands and however many
/// follow each other: <c>**</c> matches every name, <c>**.bias</c> matches <c>bias</c> and <c>a.b.bias</c>,
/// <c>blocks.**</c> matches <c>blocks</c>, <c>a.**.b</c> matches <c>a.b</c>, and <c>**.**</c> is <c>**</c>.</item>
/// <item>A segment that is one brace group, <c>{p,q}</c>, matches what one of its alternatives matches, each read as
/// a pattern by these rules, so alternatives may span segments and hold <c>**</c>:
/// <c>{in_proj_bias,out_proj.bias}</c>, <c>{**.bias,head.*}</c>.</item>
/// <item>Any other segment matches a run of characters: <c>*</c> any run of characters without a dot (so does
/// <c>**</c> or any run of stars inside a segment: <c>a**b</c> is <c>a*b</c>), <c>?</c> one character that is not a
/// dot, <c>{p,q}</c> one of its alternatives read the same way (<c>{q,k,v}_proj</c>, <c>{bias,*_bias}</c>; a dot
/// inside it is a literal dot), and any other character itself.</item>
/// </list>
/// <para>Braces nest (<c>{a,{b,c}}</c>) up to <see cref="MaxNesting"/> deep; spaces around an alternative are
/// ignored (<c>{q, k}</c>); <c>{}</c> and an empty alternative match the empty string. There is no
/// escape character. A pattern is at most <see cref="MaxLength"/> characters. An empty pattern, an unclosed
/// <c>{</c>, an unmatched <c>}</c>, deeper nesting or a longer pattern throw an <see cref="ArgumentException"/>.</para>
/// </summary>
public sealed class NameGlob : IEquatable<NameGlob>
{
    /// <summary>The longest pattern accepted, in characters.</summary>
    public const int MaxLength = 4096;

    /// <summary>How deep braces may nest.</summary>
    public const int MaxNesting = 32;

    readonly GlobAutomaton _automaton;

    /// <summary>Compiles the pattern.</summary>
    /// <param name="pattern">The glob.</param>
    /// <exception cref="System.ArgumentException">The pattern is empty, longer than <see cref="MaxLength"/>, nests braces deeper than <see cref="MaxNesting"/>, or has an unclosed <c>{</c> or a stray <c>}</c>; the message names the position.</exception>
    /// <exception cref="System.ArgumentNullException"><paramref name="pattern"/> is null.</exception>
    public NameGlob(string pattern)
    {
        Pattern = pattern ?? throw new ArgumentNullException(nameof(pattern));
        if (pattern.Length == 0) throw new ArgumentException("A name glob cannot be empty", nameof(pattern));
        _automaton = GlobCompiler.Compile(pattern);
    }

    /// <summary>The glob as given.</summary>
    public string Pattern { get; }

    internal GlobAutomaton Automaton => _automaton;

    /// <summary>True when the whole dotted name matches.</summary>
    /// <param name="name">A qualified or local parameter name.</param>
    /// <exception cref="System.ArgumentNullException"><paramref name="name"/> is null.</exception>
    public bool IsMatch(string name) => _automaton.IsMatch(name ?? throw new ArgumentNullException(nameof(name)));

    /// <summary>Globs are equal when their patterns are.</summary>
    /// <param name="other">The other glob.</param>
    public bool Equals(NameGlob? other) => other is not null && other.Pattern == Pattern;
    /// <inheritdoc/>
    public override bool Equals(object? obj) => Equals(obj as NameGlob);
    /// <inheritdoc/>
    public override int GetHashCode() => Pattern.GetHashCode(StringComparison.Ordinal);
    /// <inheritdoc/>
    public override string ToString() => Pattern;
}
