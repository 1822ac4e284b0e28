using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text;
using TorchSharp;
using TorchSharp.Modules;
using WeightInit.Sampling;
using WeightInit;
using WeightInit.Engine;
using WeightInit.Policy;
using WeightInit.Schemes;
using static TorchSharp.torch;

namespace WeightInit.EngineGoldenProbe;

/// <summary>The counter engine's golden values: the first values of each draw, as exact bit patterns in hex
/// (little-endian integers: 8 digits for float32, 16 for float64, 4 for float16 and bfloat16), so a failure can
/// name the first value that differs.</summary>
public static class GoldenValues
{
    public const int Count = 16;

    static readonly ScalarType[] DTypes = { ScalarType.Float32, ScalarType.Float64, ScalarType.Float16, ScalarType.BFloat16 };

    static readonly (string Name, Action<Tensor, RandomSource> Fill)[] Draws =
    {
        ("uniform(0,1)", (t, s) => t.uniform_(s)),
        ("normal(0,1)", (t, s) => t.normal_(s)),
        ("trunc_normal(0,1,-2,2)", (t, s) => t.trunc_normal_(s)),
    };

    /// <summary>Case name → values in hex, in a fixed order.</summary>
    public static SortedDictionary<string, string[]> Compute()
    {
        var cases = new SortedDictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var generator in new[] { CounterGenerator.Ars, CounterGenerator.Philox })
        {
            using var scope = NewDisposeScope();
            var engine = InitEngine.Counter(42, generator);
            foreach (var dtype in DTypes)
                foreach (var (name, fill) in Draws)
                {
                    var t = empty(Count, dtype);
                    fill(t, engine.Stream("w"));
                    cases[$"{generator}/{dtype}/{name}"] = Hex(t);
                }

            // From an element that is not a group boundary (float32 groups are 160 values).
            var offset = empty(Count, ScalarType.Float32);
            offset.normal_(engine.Stream("w").At(12345));
            cases[$"{generator}/Float32/normal(0,1)@12345"] = Hex(offset);

            // Rows [3, 5) of a [6, 8] weight, fans from the full shape.
            var shard = empty(2, 8);
            InitScheme.KaimingNormal().ApplyShard(shard, new long[] { 6, 8 }, 3, engine.Stream("shard.weight"));
            cases[$"{generator}/shard/kaiming_normal [6,8] rows 3..5"] = Hex(shard);

            // A small model under the Transformer preset: the first values of every parameter.
            using var model = new GoldenBox();
            model.ApplyInit(InitPolicy.Transformer(), engine);
            foreach (var (pname, p) in model.named_parameters())
                cases[$"{generator}/Transformer/{pname}"] = Hex(p.detach().flatten().narrow(0, 0, Math.Min(8, p.numel())));
        }
        return cases;
    }

    static string[] Hex(Tensor t)
    {
        using var c = t.contiguous();
        byte[] bytes = c.bytes.ToArray();
        int size = (int)c.ElementSize;
        var values = new string[bytes.Length / size];
        for (int i = 0; i < values.Length; i++)
        {
            ulong bits = 0;
            for (int b = size - 1; b >= 0; b--) bits = bits << 8 | bytes[i * size + b];
            values[i] = bits.ToString("X" + 2 * size);
        }
        return values;
    }

    /// <summary>What this process runs with: the tests check that a child's settings took effect.</summary>
    public static SortedDictionary<string, string> Environment() => new(StringComparer.Ordinal)
    {
        ["Vector128.IsHardwareAccelerated"] = Vector128.IsHardwareAccelerated.ToString(),
        ["Vector256.IsHardwareAccelerated"] = Vector256.IsHardwareAccelerated.ToString(),
        ["Vector512.IsHardwareAccelerated"] = Vector512.IsHardwareAccelerated.ToString(),
        ["Aes.IsSupported"] = Aes.IsSupported.ToString(),
        ["Avx2.IsSupported"] = Avx2.IsSupported.ToString(),
        ["Avx512F.IsSupported"] = Avx512F.IsSupported.ToString(),
        ["Fma.IsSupported"] = Fma.IsSupported.ToString(),
        ["runtime"] = System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription,
    };

    /// <summary>The golden file as the tests keep it (tests/WeightInit.TorchSharp.Tests/Engine/Golden/engine-golden.json).</summary>
    public static string GoldenFile(SortedDictionary<string, string[]> cases)
    {
        var sb = new StringBuilder();
        sb.Append("{\n");
        sb.Append("  \"note\": \"The counter engine's values (InitEngine.Counter(42) and InitEngine.Counter(42, CounterGenerator.Philox)), as exact bits in hex (little-endian integers of the float32/float64/float16/bfloat16 values). Made by `dotnet run --project tests/EngineGoldenProbe -- --golden` from the code of stream format 1; never edit by hand. A change of any value is a new stream format: bump InitEngine.StreamFormatVersion, regenerate, add the new fingerprint to EngineGoldenFileTests and a CHANGELOG entry.\",\n");
        sb.Append($"  \"streamFormat\": {InitEngine.StreamFormatVersion},\n");
        sb.Append(Cases(cases, "  "));
        sb.Append("\n}\n");
        return sb.ToString();
    }

    /// <summary>What a child process prints: its environment and its values.</summary>
    public static string Report(SortedDictionary<string, string[]> cases)
    {
        var sb = new StringBuilder();
        sb.Append("{\n");
        sb.Append($"  \"streamFormat\": {InitEngine.StreamFormatVersion},\n");
        sb.Append("  \"environment\": {");
        sb.Append(string.Join(", ", Environment().Select(e => $"{Quote(e.Key)}: {Quote(e.Value)}")));
        sb.Append("},\n");
        sb.Append(Cases(cases, "  "));
        sb.Append("\n}\n");
        return sb.ToString();
    }

    static string Cases(SortedDictionary<string, string[]> cases, string indent) =>
        $"{indent}\"cases\": {{\n" +
        string.Join(",\n", cases.Select(c => $"{indent}  {Quote(c.Key)}: [{string.Join(", ", c.Value.Select(Quote))}]")) +
        $"\n{indent}}}";

    static string Quote(string s) => System.Text.Json.JsonSerializer.Serialize(s);

    /// <summary>The golden file embedded in this assembly.</summary>
    public static string EmbeddedGoldenFile()
    {
        using var stream = typeof(GoldenValues).Assembly.GetManifestResourceStream("engine-golden.json")
            ?? throw new InvalidOperationException("engine-golden.json is not embedded");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}

/// <summary>Linear + Embedding + LayerNorm, registered in that order.</summary>
public sealed class GoldenBox : nn.Module
{
    readonly Linear proj = nn.Linear(8, 4);
    readonly Embedding emb = nn.Embedding(10, 4);
    readonly LayerNorm norm = nn.LayerNorm(4);

    public GoldenBox() : base(nameof(GoldenBox)) => RegisterComponents();
}
