using System;
using System.Collections.Generic;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WeightInit.EngineGoldenProbe;

namespace WeightInit.Tests.Engine;

/// <summary>Reads the golden file (and a probe's output, which has the same "cases") and names the first value
/// that differs.</summary>
internal static class EngineGolden
{
    internal sealed record Document(int StreamFormat, SortedDictionary<string, string[]> Cases, Dictionary<string, string> Environment);

    internal static Document File() => Parse(GoldenValues.EmbeddedGoldenFile());

    internal static Document Parse(string json)
    {
        using var doc = JsonDocument.Parse(json);
        var root = doc.RootElement;
        var cases = new SortedDictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var c in root.GetProperty("cases").EnumerateObject())
            cases[c.Name] = c.Value.EnumerateArray().Select(v => v.GetString()!).ToArray();
        var environment = new Dictionary<string, string>();
        if (root.TryGetProperty("environment", out var env))
            foreach (var e in env.EnumerateObject()) environment[e.Name] = e.Value.GetString()!;
        return new Document(root.GetProperty("streamFormat").GetInt32(), cases, environment);
    }

    /// <summary>Null when equal; otherwise the first difference: a missing or extra case, or the case, the index
    /// and both bit patterns of the first differing value.</summary>
    internal static string? FirstDifference(IReadOnlyDictionary<string, string[]> expected, IReadOnlyDictionary<string, string[]> actual)
    {
        foreach (var (name, want) in expected.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!actual.TryGetValue(name, out var got)) return $"case {name} is missing";
            for (int i = 0; i < Math.Max(want.Length, got.Length); i++)
            {
                string w = i < want.Length ? want[i] : "(none)", g = i < got.Length ? got[i] : "(none)";
                if (w != g) return $"case {name}, value #{i}: expected {w}, got {g}";
            }
        }
        foreach (var name in actual.Keys.OrderBy(k => k, StringComparer.Ordinal))
            if (!expected.ContainsKey(name)) return $"case {name} is not in the golden file";
        return null;
    }

    /// <summary>SHA-256 (first 16 hex digits) of the cases, one "name=v0,v1,..." line each in ordinal order.</summary>
    internal static string Fingerprint(IReadOnlyDictionary<string, string[]> cases)
    {
        var text = new StringBuilder();
        foreach (var (name, values) in cases.OrderBy(c => c.Key, StringComparer.Ordinal))
            text.Append(name).Append('=').Append(string.Join(",", values)).Append('\n');
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())))[..16];
    }
}
