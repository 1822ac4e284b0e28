using ReadmeSnippets.Support;
using Xunit;

namespace ReadmeSnippets;

/// <summary>The README and the compiled copies of its C# blocks cannot drift apart.</summary>
public class ReadmeBlocksTests
{
    [Fact]
    public void EveryCsharpBlockOfTheReadmeIsCompiledHere()
    {
        var blocks = ReadmeBlocks.Extract(RepositoryFiles.Readme);
        var sources = RepositoryFiles.SnippetSources;
        Assert.NotEmpty(blocks);
        var missing = blocks.Where(b => ReadmeBlocks.FindIn(b, sources) == null).Select(b => b.ToString()).ToList();
        Assert.True(missing.Count == 0,
            "README.md C# blocks with no verbatim copy in tests/ReadmeSnippets/Snippets (update the copy, or the README):\n"
            + string.Join("\n", missing));
    }

    [Fact]
    public void EverySnippetSourceHoldsABlockOfTheReadme()
    {
        // A snippet whose README block was removed or rewritten is stale.
        var blocks = ReadmeBlocks.Extract(RepositoryFiles.Readme);
        var stale = RepositoryFiles.SnippetSources
            .Where(s => !blocks.Any(b => ReadmeBlocks.FindIn(b, new Dictionary<string, string> { [s.Key] = s.Value }) != null))
            .Select(s => s.Key).ToList();
        Assert.Empty(stale);
    }

    const string Markdown = "text\n```csharp\nusing Foo;\nusing static Bar.Baz;\n\nvar  x = 1;   // one\nusing var y = Make();\n```\n"
                          + "```bash\nnot c#\n```\n```csharp\nCall();\n```\n";

    [Fact]
    public void ExtractSplitsLeadingUsingDirectivesFromStatements()
    {
        var blocks = ReadmeBlocks.Extract(Markdown);
        Assert.Equal(2, blocks.Count);
        Assert.Equal(2, blocks[0].Line);
        Assert.Equal(new[] { "using Foo;", "using static Bar.Baz;" }, blocks[0].Usings);
        Assert.Equal(new[] { "var x = 1; // one", "using var y = Make();" }, blocks[0].Body);
        Assert.Empty(blocks[1].Usings);
        Assert.Equal(new[] { "Call();" }, blocks[1].Body);
    }

    [Fact]
    public void FindIgnoresWhitespaceButNoticesAnyOtherChange()
    {
        var block = ReadmeBlocks.Extract(Markdown)[0];
        string Source(string usings, string body) => usings + "\nnamespace N;\nclass C {\n  void M() {\n" + body + "\n  }\n}\n";
        var exact = Source("using Foo;\nusing static Bar.Baz;", "    var x = 1; // one\n    using var y = Make();");
        var reflowed = Source("using   Foo;\n\nusing static  Bar.Baz;", "var x =\t1; // one\n\n\nusing var y = Make();");
        Assert.Equal("a.cs", ReadmeBlocks.FindIn(block, new Dictionary<string, string> { ["a.cs"] = exact }));
        Assert.Equal("a.cs", ReadmeBlocks.FindIn(block, new Dictionary<string, string> { ["a.cs"] = reflowed }));

        var changed = new[]
        {
            Source("using Foo;\nusing static Bar.Baz;", "var x = 2; // one\nusing var y = Make();"),       // a value
            Source("using Foo;\nusing static Bar.Baz;", "var x = 1; // one\nvar z = 0;\nusing var y = Make();"), // a line between
            Source("using Foo;", "var x = 1; // one\nusing var y = Make();"),                                 // a using lost
            Source("using Foo;\nusing static Bar.Baz;", "var x = 1; // one"),                                 // a line lost
        };
        Assert.All(changed, s => Assert.Null(ReadmeBlocks.FindIn(block, new Dictionary<string, string> { ["a.cs"] = s })));
    }

    [Fact]
    public void TheReadmeCheckFailsWhenAReadmeBlockChanges()
    {
        // The same check on the real README with one block edited: the edit is found.
        var readme = RepositoryFiles.Readme;
        var edited = readme.Replace("InitScheme.Parse(\"trunc_normal(std=0.02)\");", "InitScheme.Parse(\"trunc_normal(std=0.03)\");");
        Assert.NotEqual(readme, edited);
        var sources = RepositoryFiles.SnippetSources;
        var missing = ReadmeBlocks.Extract(edited).Where(b => ReadmeBlocks.FindIn(b, sources) == null).ToList();
        Assert.Single(missing);
        Assert.Contains("trunc_normal(std=0.03)", string.Join(" ", missing[0].Body));
    }
}
