using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace WeightInit.Tests.Fixtures;

/// <summary>One torch.nn.init call recorded from PyTorch: function, shape, keyword arguments, seed and values.</summary>
public sealed record FixtureCase(string Fn, long[] Shape, IReadOnlyDictionary<string, JsonElement> Kwargs, long Seed,
    bool Generator, string Dtype, double[] Values)
{
    public override string ToString() =>
        $"{Fn}({string.Join(",", Shape)}) {string.Join(" ", Kwargs.Select(k => $"{k.Key}={k.Value}"))} seed={Seed}{(Generator ? " gen" : "")} {Dtype}";
}

/// <summary>Loads Fixtures/pytorch-nn-init.json (copied next to the test assembly).</summary>
public static class PyTorchFixtures
{
    static readonly Lazy<JsonDocument> Doc = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "pytorch-nn-init.json"))));

    public static JsonElement Root => Doc.Value.RootElement;

    public static IReadOnlyList<FixtureCase> Cases { get; } = Root.GetProperty("cases").EnumerateArray().Select(c => new FixtureCase(
        c.GetProperty("fn").GetString()!,
        c.GetProperty("shape").EnumerateArray().Select(e => e.GetInt64()).ToArray(),
        c.GetProperty("kwargs").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()),
        c.GetProperty("seed").GetInt64(),
        c.GetProperty("generator").GetBoolean(),
        c.GetProperty("dtype").GetString()!,
        c.GetProperty("values").EnumerateArray().Select(v => double.Parse(v.GetString()!, CultureInfo.InvariantCulture)).ToArray()))
        .ToList();

    public static IReadOnlyDictionary<string, double> Gains { get; } = Root.GetProperty("calculate_gain").EnumerateObject()
        .ToDictionary(p => p.Name, p => p.Value.GetDouble());
}
