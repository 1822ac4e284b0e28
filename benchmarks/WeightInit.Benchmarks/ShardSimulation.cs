using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using TorchSharp;
using TorchSharp.Modules;
using WeightInit.Deferred;
using WeightInit.Engine;
using WeightInit.Policy;
using WeightInit.Policy.Actions;
using static TorchSharp.torch;

namespace WeightInit.Benchmarks;

/// <summary>
/// The scale story of sharded materialization (issue #13): a Llama-style model too large for the machine, built on
/// META, materialized one rank's shard at a time, with SHA-256 digests that show the shards are exactly the
/// whole-parameter values. The reference materializes each parameter whole, alone, one at a time, as ApplyInit does
/// (the plan's action applied to the whole tensor from the engine stream of its name); the tiny config runs the
/// same code in a unit test, where it is also checked against ApplyInit on an eagerly built model.
/// </summary>
public static class ShardSimulation
{
    /// <summary>A Llama-2 shape: untied head, RMSNorm with a weight, no biases.</summary>
    public sealed record Config(string Name, long Vocab, long Dim, int Layers, long Ffn, ScalarType DType)
    {
        /// <summary>Llama-2-13B: 13.0B parameters, 26 GB in bfloat16.</summary>
        public static Config Llama2_13B { get; } = new("Llama-2-13B", 32000, 5120, 40, 13824, ScalarType.BFloat16);

        /// <summary>The same structure, small enough for a unit test.</summary>
        public static Config Tiny { get; } = new("tiny", 50, 24, 3, 40, ScalarType.BFloat16);
    }

    /// <summary>What one run measured.</summary>
    public sealed record Result(Config Config, string Layout, int World, long Parameters, long Bytes, double BuildSeconds,
        double ReferenceSeconds, long ReferencePeakBytes, IReadOnlyList<ShardRunResult> Shards, long ShardPeakBytes,
        int PartDigests, int PartDigestsEqual, int UnionDigests, int UnionDigestsEqual, IReadOnlyList<string> Mismatches,
        IReadOnlyDictionary<string, string> WholeDigests)
    {
        /// <summary>Every digest agreed.</summary>
        public bool Agrees => Mismatches.Count == 0 && PartDigests == PartDigestsEqual && UnionDigests == UnionDigestsEqual;
    }

    /// <summary>One shard: rank, time to materialize it, its bytes, and the process's peak RSS after it.</summary>
    public sealed record ShardRunResult(int Rank, double Seconds, double DigestSeconds, long Bytes, long PeakBytes);

    /// <summary>Megatron-style: Q/K/V, gate/up, the embedding (vocab-parallel) and the head split by rows; o_proj and
    /// down_proj by columns; the norms replicated.</summary>
    public static ShardLayout Megatron { get; } = ShardLayout.Megatron(
        columnParallel: new[] { "embed_tokens.weight", "lm_head.weight", "layers.*.self_attn.{q_proj,k_proj,v_proj}.weight", "layers.*.mlp.{gate_proj,up_proj}.weight" },
        rowParallel: new[] { "layers.*.self_attn.o_proj.weight", "layers.*.mlp.down_proj.weight" });

    /// <summary>GPT-2/BERT-style init: trunc_normal_(std=0.02) everywhere, o_proj/down_proj scaled by 1/sqrt(2·n_layer),
    /// RMSNorm weights ones. Strict: every parameter is covered.</summary>
    public static InitPolicy Policy(Config c) =>
        InitPolicy.Transformer(0.02, nLayer: c.Layers, residualProjections: "**.{o_proj,down_proj}.weight")
            .ForLayer<RmsNorm>("weight", "ones_")
            .Strict();

    /// <summary>Builds the model on META, restoring the default device after.</summary>
    public static LlamaModel BuildOnMeta(Config c) => DeferredInit.Build(() => new LlamaModel(c));

    /// <summary>Runs the simulation: build, reference digests, then each shard in turn (one alive at a time).</summary>
    public static Result Run(Config c, ShardLayout layout, string layoutName, int world, ulong seed, TextWriter log)
    {
        var engine = InitEngine.Counter(seed);
        var policy = Policy(c);

        var sw = Stopwatch.StartNew();
        using var meta = BuildOnMeta(c);
        double build = sw.Elapsed.TotalSeconds;
        var sites = ModuleWalker.Sites(meta);
        long count = sites.Sum(s => s.Parameter.numel()), bytes = sites.Sum(s => s.Parameter.numel() * s.Parameter.ElementSize);
        log.WriteLine($"{c.Name}: {sites.Count} parameters, {count:N0} elements, {bytes / 1e9:F2} GB {c.DType}; built on META in {build:F3} s");

        // Reference: each parameter whole, alone; its digest, and the digest of each rank's slice of it.
        var specs = Enumerable.Range(0, world).Select(r => layout.SpecsFor(meta, r, world)).ToArray();
        var entries = policy.Plan(meta).Entries.ToDictionary(e => e.Name);
        var whole = new Dictionary<string, string>();
        var expected = new Dictionary<string, string[]>();
        ResetPeak();
        sw.Restart();
        foreach (var site in sites)
        {
            var action = InitAction.Parse(entries[site.QualifiedName].Action);
            using var scope = NewDisposeScope();
            var t = empty(site.Shape, site.DType);
            using (no_grad()) action.Apply(t, site, engine.Stream(site.QualifiedName));
            whole[site.QualifiedName] = Digest(t);
            expected[site.QualifiedName] = specs.Select(s => { using var part = s[site.QualifiedName].Slice(t); return Digest(part); }).ToArray();
        }
        double reference = sw.Elapsed.TotalSeconds;
        long referencePeak = Peak();
        log.WriteLine($"reference (each parameter whole, one at a time): {reference:F1} s, peak RSS {referencePeak / 1e9:F2} GB");

        // Shards, one at a time; a union digest per parameter is streamed across them where rank order is row-major order.
        var union = sites.Where(s => specs[0][s.QualifiedName].Kind is ShardKind.Rows or ShardKind.Flat)
            .ToDictionary(s => s.QualifiedName, _ => IncrementalHash.CreateHash(HashAlgorithmName.SHA256));
        var shards = new List<ShardRunResult>();
        var mismatches = new List<string>();
        int parts = 0, partsEqual = 0;
        ResetPeak();
        for (int r = 0; r < world; r++)
        {
            sw.Restart();
            using var state = meta.MaterializeShard(policy, engine, layout, r, world);
            double seconds = sw.Elapsed.TotalSeconds;
            sw.Restart();
            foreach (var p in state.Parameters)
            {
                parts++;
                if (Digest(p.Local) == expected[p.Name][r]) partsEqual++;
                else mismatches.Add($"{p.Name} rank {r} ({p.Spec})");
                if (union.TryGetValue(p.Name, out var h)) Append(h, p.Local);
            }
            double digest = sw.Elapsed.TotalSeconds;
            shards.Add(new ShardRunResult(r, seconds, digest, state.Bytes, Peak()));
            log.WriteLine($"shard {r}/{world}: {state.Bytes / 1e9:F2} GB in {seconds:F1} s (digests {digest:F1} s), peak RSS so far {Peak() / 1e9:F2} GB");
        }
        int unionEqual = 0;
        foreach (var (name, h) in union)
        {
            if (Convert.ToHexString(h.GetHashAndReset()) == whole[name]) unionEqual++;
            else mismatches.Add($"{name}: union of shards");
            h.Dispose();
        }
        long shardPeak = Peak();
        log.WriteLine($"digests: {partsEqual}/{parts} shard parts equal the slices of the whole parameters; " +
            $"{unionEqual}/{union.Count} unions (rows, flat) equal the whole-parameter digest; peak RSS over the shards {shardPeak / 1e9:F2} GB");
        return new Result(c, layoutName, world, count, bytes, build, reference, referencePeak, shards, shardPeak,
            parts, partsEqual, union.Count, unionEqual, mismatches, whole);
    }

    /// <summary>SHA-256 of a tensor's bytes in row-major order, hex.</summary>
    public static string Digest(Tensor t)
    {
        using var h = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Append(h, t);
        return Convert.ToHexString(h.GetHashAndReset());
    }

    /// <summary>Feeds a CPU tensor's bytes (row-major) to the hash, in pieces a span can hold.</summary>
    static void Append(IncrementalHash h, Tensor t)
    {
        using var scope = NewDisposeScope();
        var flat = t.contiguous().view(-1);
        long n = flat.numel(), per = (1L << 30) / flat.ElementSize;
        for (long s = 0; s < n; s += per) h.AppendData(flat.narrow(0, s, Math.Min(per, n - s)).bytes);
    }

    /// <summary>Resets the kernel's peak-RSS mark (VmHWM) where the kernel allows it.</summary>
    static void ResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    /// <summary>VmRSS from /proc/self/status, in bytes (0 where there is none).</summary>
    public static long Rss() => Status("VmRSS:");

    /// <summary>VmHWM from /proc/self/status, in bytes (0 where there is none).</summary>
    public static long Peak() => Status("VmHWM:");

    static long Status(string key)
    {
        if (!File.Exists("/proc/self/status")) return 0;
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(key, StringComparison.Ordinal));
        return line == null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
    }

    /// <summary>The command: <c>--shards [13b|tiny] [megatron|flat] [world]</c>.</summary>
    public static void RunCommand(string[] args)
    {
        var config = args.Length > 0 && args[0] == "tiny" ? Config.Tiny : Config.Llama2_13B;
        string layoutName = args.Length > 1 ? args[1] : "megatron";
        var layout = layoutName == "flat" ? ShardLayout.Flat : Megatron;
        int world = args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 8;
        // libtorch's first use (loading, thread pools) is not part of building a model.
        var warm = Stopwatch.StartNew();
        using (BuildOnMeta(Config.Tiny)) { }
        Console.WriteLine($"warm-up (first libtorch use, a tiny model on META): {warm.Elapsed.TotalSeconds:F2} s; VmRSS baseline {Rss() / 1e9:F2} GB");
        var result = Run(config, layout, layoutName, world, seed: 13, Console.Out);
        Console.WriteLine(result.Agrees ? "ALL DIGESTS AGREE" : "MISMATCH: " + string.Join(", ", result.Mismatches.Take(20)));
        Console.WriteLine("| shard | bytes (GB) | materialize (s) | digest (s) | peak RSS so far (GB) |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var s in result.Shards) Console.WriteLine($"| {s.Rank} | {s.Bytes / 1e9:F2} | {s.Seconds:F1} | {s.DigestSeconds:F1} | {s.PeakBytes / 1e9:F2} |");
    }
}

/// <summary>RMSNorm as a user module with one weight (Llama's).</summary>
public sealed class RmsNorm : nn.Module
{
    /// <summary>The scale, [dim].</summary>
    public Parameter weight;

    /// <summary>An RMSNorm over <paramref name="dim"/> features.</summary>
    public RmsNorm(long dim, ScalarType dtype) : base(nameof(RmsNorm))
    {
        weight = nn.Parameter(ones(dim, dtype: dtype));
        RegisterComponents();
    }
}

/// <summary>Llama attention projections (no biases).</summary>
public sealed class LlamaAttention : nn.Module
{
    /// <summary>Projections, named as in Hugging Face's Llama.</summary>
    public Linear q_proj, k_proj, v_proj, o_proj;

    /// <summary>Four dim × dim projections.</summary>
    public LlamaAttention(ShardSimulation.Config c) : base(nameof(LlamaAttention))
    {
        q_proj = nn.Linear(c.Dim, c.Dim, hasBias: false, dtype: c.DType);
        k_proj = nn.Linear(c.Dim, c.Dim, hasBias: false, dtype: c.DType);
        v_proj = nn.Linear(c.Dim, c.Dim, hasBias: false, dtype: c.DType);
        o_proj = nn.Linear(c.Dim, c.Dim, hasBias: false, dtype: c.DType);
        RegisterComponents();
    }
}

/// <summary>Llama's SwiGLU MLP.</summary>
public sealed class LlamaMlp : nn.Module
{
    /// <summary>Projections, named as in Hugging Face's Llama.</summary>
    public Linear gate_proj, up_proj, down_proj;

    /// <summary>gate/up dim → ffn, down ffn → dim.</summary>
    public LlamaMlp(ShardSimulation.Config c) : base(nameof(LlamaMlp))
    {
        gate_proj = nn.Linear(c.Dim, c.Ffn, hasBias: false, dtype: c.DType);
        up_proj = nn.Linear(c.Dim, c.Ffn, hasBias: false, dtype: c.DType);
        down_proj = nn.Linear(c.Ffn, c.Dim, hasBias: false, dtype: c.DType);
        RegisterComponents();
    }
}

/// <summary>One decoder layer.</summary>
public sealed class LlamaLayer : nn.Module
{
    /// <summary>Sub-modules, named as in Hugging Face's Llama.</summary>
    public RmsNorm input_layernorm, post_attention_layernorm;
    /// <summary>Attention.</summary>
    public LlamaAttention self_attn;
    /// <summary>MLP.</summary>
    public LlamaMlp mlp;

    /// <summary>A layer of the config.</summary>
    public LlamaLayer(ShardSimulation.Config c) : base(nameof(LlamaLayer))
    {
        input_layernorm = new RmsNorm(c.Dim, c.DType);
        self_attn = new LlamaAttention(c);
        post_attention_layernorm = new RmsNorm(c.Dim, c.DType);
        mlp = new LlamaMlp(c);
        RegisterComponents();
    }
}

/// <summary>The model: embedding, layers, final norm, untied head.</summary>
public sealed class LlamaModel : nn.Module
{
    /// <summary>Token embedding [vocab, dim].</summary>
    public Embedding embed_tokens;
    /// <summary>Decoder layers.</summary>
    public ModuleList<LlamaLayer> layers;
    /// <summary>Final norm.</summary>
    public RmsNorm norm;
    /// <summary>LM head [vocab, dim], untied.</summary>
    public Linear lm_head;

    /// <summary>A model of the config, on the default device.</summary>
    public LlamaModel(ShardSimulation.Config c) : base(nameof(LlamaModel))
    {
        embed_tokens = nn.Embedding(c.Vocab, c.Dim, dtype: c.DType);
        layers = nn.ModuleList(Enumerable.Range(0, c.Layers).Select(_ => new LlamaLayer(c)).ToArray());
        norm = new RmsNorm(c.Dim, c.DType);
        lm_head = nn.Linear(c.Dim, c.Vocab, hasBias: false, dtype: c.DType);
        RegisterComponents();
    }
}
