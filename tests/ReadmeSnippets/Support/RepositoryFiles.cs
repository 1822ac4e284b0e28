namespace ReadmeSnippets.Support;

/// <summary>Finds README.md and the snippet sources of the checkout the tests were built from.</summary>
public static class RepositoryFiles
{
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
                if (File.Exists(Path.Combine(dir.FullName, "README.md")) && File.Exists(Path.Combine(dir.FullName, "WeightInit.TorchSharp.sln")))
                    return dir.FullName;
            throw new InvalidOperationException($"No repository root (README.md + WeightInit.TorchSharp.sln) above {AppContext.BaseDirectory}");
        }
    }

    public static string Readme => File.ReadAllText(Path.Combine(Root, "README.md"));

    public static IReadOnlyDictionary<string, string> SnippetSources =>
        Directory.GetFiles(Path.Combine(Root, "tests", "ReadmeSnippets", "Snippets"), "*.cs")
            .OrderBy(p => p, StringComparer.Ordinal)
            .ToDictionary(p => Path.GetFileName(p) ?? p, File.ReadAllText);
}
