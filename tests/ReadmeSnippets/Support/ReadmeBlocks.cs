using System.Text.RegularExpressions;

namespace ReadmeSnippets.Support;

/// <summary>A ```csharp block of the README: its line, using directives and statements.</summary>
public sealed record ReadmeBlock(int Line, IReadOnlyList<string> Usings, IReadOnlyList<string> Body)
{
    public override string ToString() => $"README.md line {Line}: {string.Join(" / ", Usings.Concat(Body).Take(2))}";
}

/// <summary>
/// Extracts the C# blocks of a markdown text and finds them in compiled sources, modulo whitespace. Using directives
/// cannot stand beside statements in a method, so a block's leading directives must be whole lines of the source
/// file that holds the rest of the block, and the rest must appear there contiguously.
/// </summary>
public static partial class ReadmeBlocks
{
    [GeneratedRegex(@"^using\s+(static\s+)?[A-Za-z_][\w.]*\s*;")]
    private static partial Regex UsingDirective();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    public static string Normalize(string text) => Whitespace().Replace(text, " ").Trim();

    public static IReadOnlyList<ReadmeBlock> Extract(string markdown)
    {
        var blocks = new List<ReadmeBlock>();
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```csharp") continue;
            int start = i + 1, end = start;
            while (end < lines.Length && lines[end].Trim() != "```") end++;
            if (end == lines.Length) throw new FormatException($"README.md line {i + 1}: unclosed ```csharp block");
            var block = lines[start..end];
            int u = 0;
            while (u < block.Length && (UsingDirective().IsMatch(block[u].Trim()) || block[u].Trim().Length == 0)) u++;
            blocks.Add(new ReadmeBlock(i + 1,
                block[..u].Where(l => l.Trim().Length > 0).Select(Normalize).ToArray(),
                block[u..].Where(l => l.Trim().Length > 0).Select(Normalize).ToArray()));
            i = end;
        }
        return blocks;
    }

    /// <summary>The name of the source that holds the block, or null.</summary>
    public static string? FindIn(ReadmeBlock block, IReadOnlyDictionary<string, string> sources)
    {
        var body = string.Join(" ", block.Body);
        foreach (var (name, text) in sources)
        {
            var sourceLines = new HashSet<string>(text.Replace("\r\n", "\n").Split('\n').Select(Normalize));
            if (block.Usings.All(sourceLines.Contains) && Normalize(text).Contains(body, StringComparison.Ordinal))
                return name;
        }
        return null;
    }
}
