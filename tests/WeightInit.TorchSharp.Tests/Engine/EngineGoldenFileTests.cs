using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using WeightInit.Engine;
using WeightInit.EngineGoldenProbe;
using Xunit;

namespace WeightInit.Tests.Engine;

/// <summary>The engine's values of stream format 1, pinned as bits (Golden/engine-golden.json, made by
/// tests/EngineGoldenProbe), and the file tied to <see cref="InitEngine.StreamFormatVersion"/>. The hashes of
/// Numerics/EngineGoldenValueTests cover more draws; this file names the first value that differs.</summary>
public class EngineGoldenFileTests
{
    /// <summary>The fingerprint of each stream format's golden cases. Regenerating the file with changed values
    /// and the same version fails here: a new format needs a new version, a line here and a CHANGELOG entry.</summary>
    static readonly Dictionary<int, string> Fingerprints = new()
    {
        [1] = "64612A5BEA1A55F5",
    };

    [Fact]
    public void ValuesInThisProcessAreTheGoldenBits()
    {
        var golden = EngineGolden.File();
        string? difference = EngineGolden.FirstDifference(golden.Cases, GoldenValues.Compute());
        Assert.True(difference == null, $"the engine's values changed (stream format {golden.StreamFormat}): {difference}");
    }

    [Fact]
    public void GoldenFileIsOfTheCurrentStreamFormat()
    {
        var golden = EngineGolden.File();
        Assert.True(golden.StreamFormat == InitEngine.StreamFormatVersion,
            $"InitEngine.StreamFormatVersion is {InitEngine.StreamFormatVersion} but the golden file is of stream format {golden.StreamFormat}: regenerate it (dotnet run --project tests/EngineGoldenProbe -- --golden)");
        Assert.True(Fingerprints.TryGetValue(golden.StreamFormat, out var known),
            $"stream format {golden.StreamFormat} has no fingerprint here; add [{golden.StreamFormat}] = \"{EngineGolden.Fingerprint(golden.Cases)}\"");
        string actual = EngineGolden.Fingerprint(golden.Cases);
        Assert.True(known == actual,
            $"the golden values of stream format {golden.StreamFormat} changed (fingerprint {actual}, was {known}): a change of values is a new stream format; bump InitEngine.StreamFormatVersion, regenerate the file and add a CHANGELOG entry");
    }

    [Fact]
    public void GoldenFileCoversEveryDtypeDrawAndGenerator()
    {
        var cases = EngineGolden.File().Cases;
        foreach (var generator in new[] { "Ars", "Philox" })
        {
            foreach (var dtype in new[] { "Float32", "Float64", "Float16", "BFloat16" })
                foreach (var draw in new[] { "uniform(0,1)", "normal(0,1)", "trunc_normal(0,1,-2,2)" })
                {
                    var values = cases[$"{generator}/{dtype}/{draw}"];
                    Assert.Equal(GoldenValues.Count, values.Length);
                    // Exact bit patterns of the dtype's width, not hashes.
                    int digits = dtype == "Float64" ? 16 : dtype == "Float32" ? 8 : 4;
                    Assert.All(values, v => Assert.Matches($"^[0-9A-F]{{{digits}}}$", v));
                    Assert.True(values.Distinct().Count() > GoldenValues.Count / 2, $"{generator}/{dtype}/{draw} looks constant");
                }
            Assert.Contains($"{generator}/shard/kaiming_normal [6,8] rows 3..5", cases.Keys);
            foreach (var p in new[] { "proj.weight", "proj.bias", "emb.weight", "norm.weight", "norm.bias" })
                Assert.Contains($"{generator}/Transformer/{p}", cases.Keys);
        }
        // Spot checks that read as numbers: LayerNorm's weight is 1.0f, and the first float32 uniform is in [0, 1).
        Assert.All(cases["Ars/Transformer/norm.weight"], v => Assert.Equal("3F800000", v));
        float u = BitConverter.Int32BitsToSingle(Convert.ToInt32(cases["Ars/Float32/uniform(0,1)"][0], 16));
        Assert.InRange(u, 0f, 0.99999994f);
    }

    [Fact]
    public void FirstDifferenceNamesTheCaseAndIndex()
    {
        var golden = EngineGolden.File().Cases;
        var changed = new SortedDictionary<string, string[]>(golden.ToDictionary(c => c.Key, c => (string[])c.Value.Clone()), StringComparer.Ordinal);
        var values = changed["Philox/Float64/normal(0,1)"];
        string original = values[5];
        values[5] = original == "0000000000000000" ? "0000000000000001" : "0000000000000000";
        Assert.Equal($"case Philox/Float64/normal(0,1), value #5: expected {original}, got {values[5]}",
            EngineGolden.FirstDifference(golden, changed));

        changed = new SortedDictionary<string, string[]>(golden, StringComparer.Ordinal);
        changed.Remove("Ars/Float16/uniform(0,1)");
        Assert.Equal("case Ars/Float16/uniform(0,1) is missing", EngineGolden.FirstDifference(golden, changed));
        changed = new SortedDictionary<string, string[]>(golden, StringComparer.Ordinal) { ["Ars/new"] = new[] { "00" } };
        Assert.Equal("case Ars/new is not in the golden file", EngineGolden.FirstDifference(golden, changed));
        Assert.Null(EngineGolden.FirstDifference(golden, golden));
        Assert.NotEqual(EngineGolden.Fingerprint(golden), EngineGolden.Fingerprint(changed));
    }

    [Fact]
    public void EngineNamesItsStreamFormat()
    {
        Assert.Equal(1, InitEngine.StreamFormatVersion);
        Assert.Equal("InitEngine.Counter(42) [stream format 1]", InitEngine.Counter(42).ToString());
        Assert.EndsWith($"[stream format {InitEngine.StreamFormatVersion}]", InitEngine.Counter(7, CounterGenerator.Philox).ToString());
    }

    [Fact]
    public void ChangelogDefinesTheCurrentStreamFormat()
    {
        string? dir = AppContext.BaseDirectory;
        while (dir != null && !File.Exists(Path.Combine(dir, "WeightInit.TorchSharp.sln"))) dir = Path.GetDirectoryName(dir);
        Assert.True(dir != null, $"no repository root above {AppContext.BaseDirectory}");
        string changelog = File.ReadAllText(Path.Combine(dir!, "CHANGELOG.md"));
        Assert.Contains($"Stream format {InitEngine.StreamFormatVersion}", changelog);
        Assert.Contains("engine-golden.json", changelog);
    }
}
