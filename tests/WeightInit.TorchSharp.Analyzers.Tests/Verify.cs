using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Testing;

namespace WeightInit.Analyzers.Tests;

/// <summary>Runs the analyzer and the code fix on C# sources compiled against the real TorchSharp.dll, this
/// library's dll and the running SDK's reference assemblies: no package download, the same on every machine.</summary>
internal static class Verify
{
    static readonly Lazy<MetadataReference[]> References = new(LoadReferences);

    /// <summary>The analyzer's diagnostics on <paramref name="source"/> equal the <c>{|WI000n:...|}</c> markup.</summary>
    public static async Task Diagnostics(string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TorchInitAnalyzer, DefaultVerifier>();
        Configure(test);
        test.TestState.Sources.Add(source);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }

    /// <summary>The analyzer's diagnostics equal the markup and no code fix is offered for them.</summary>
    public static Task NoFix(string source, params DiagnosticResult[] expected) => Fix(source, source, expected);

    /// <summary>The code fix (and fix all) turns <paramref name="source"/> into <paramref name="fixedSource"/>,
    /// which must compile.</summary>
    public static Task Fix(string source, string fixedSource, params DiagnosticResult[] expected) =>
        Fix(new[] { source }, new[] { fixedSource }, expected);

    public static async Task Fix(string[] sources, string[] fixedSources, DiagnosticResult[] expected,
        int? iterations = null)
    {
        var test = new Test();
        foreach (var s in sources) test.TestState.Sources.Add(s);
        foreach (var s in fixedSources) test.FixedState.Sources.Add(s);
        test.ExpectedDiagnostics.AddRange(expected);
        if (iterations is { } n)
        {
            // n single fixes; fix all: one pass per document, one pass for the project and the solution.
            test.NumberOfIncrementalIterations = n;
            test.NumberOfFixAllInDocumentIterations = sources.Length;
            test.NumberOfFixAllIterations = 1;
        }
        await test.RunAsync();
    }

    sealed class Test : CSharpCodeFixTest<TorchInitAnalyzer, TorchInitCodeFix, DefaultVerifier>
    {
        public Test() => Configure(this);
    }

    static void Configure<T>(AnalyzerTest<T> test) where T : IVerifier, new()
    {
        test.ReferenceAssemblies = new ReferenceAssemblies("net10.0"); // no package: the references come below
        test.TestState.AdditionalReferences.AddRange(References.Value);
    }

    static MetadataReference[] LoadReferences()
    {
        var paths = new List<string>(RuntimeReferencePaths())
        {
            typeof(TorchSharp.torch).Assembly.Location,
            typeof(WeightInit.TensorInitExtensions).Assembly.Location,
        };
        return paths.Select(p => (MetadataReference)MetadataReference.CreateFromFile(p)).ToArray();
    }

    // The SDK's reference pack for this runtime (packs/Microsoft.NETCore.App.Ref/<version>/ref/net10.0), found from
    // the running runtime's folder; the runtime's own assemblies where no pack is installed.
    static IEnumerable<string> RuntimeReferencePaths()
    {
        var runtimeDir = Path.GetDirectoryName(typeof(object).Assembly.Location)!;      // shared/Microsoft.NETCore.App/<v>
        var dotnetRoot = Path.GetFullPath(Path.Combine(runtimeDir, "..", "..", ".."));
        var packs = Path.Combine(dotnetRoot, "packs", "Microsoft.NETCore.App.Ref");
        var tfm = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
        if (Directory.Exists(packs))
        {
            var refDir = Directory.GetDirectories(packs)
                .Select(d => Path.Combine(d, "ref", tfm))
                .Where(Directory.Exists)
                .OrderByDescending(d => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(d))!), out var v) ? v : new Version())
                .FirstOrDefault();
            if (refDir is not null)
                return Directory.GetFiles(refDir, "*.dll");
        }
        return ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(p => Path.GetDirectoryName(p) == runtimeDir);
    }
}
