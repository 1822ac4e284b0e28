using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using TorchSharp;
using WeightInit.Deferred;
using WeightInit.Engine;
using WeightInit.Policy;
using static TorchSharp.torch;

namespace WeightInit.Benchmarks;

/// <summary><c>--deferred [small|xl|all] [--repeat n] [--memory warm|cold]</c>: end-to-end paths to an initialized GPT-2, each row in a
/// fresh process of its own (spawned from this one, <c>--deferred-row size row</c>), so no row inherits another's
/// allocator state or page cache: time from the start of the work to its end, and peak RSS (VmHWM).</summary>
public static class DeferredReport
{
    static readonly (string Key, string Label, Dictionary<string, string>? Env)[] Rows =
    {
        ("eager", "TorchSharp eager constructors", null),
        ("eager-apply", "eager constructors + ApplyInit(Transformer, engine)", null),
        ("meta", "DeferredInit.Build (META)", null),
        ("deferred", "DeferredInit.Build + Materialize(Transformer, engine)", null),
        ("deferred-thp", "the same, THP_MEM_ALLOC_ENABLE=1", new() { ["THP_MEM_ALLOC_ENABLE"] = "1" }),
        ("zero", "allocate + zero the same tensors", null),
        ("zero-thp", "allocate + zero, THP_MEM_ALLOC_ENABLE=1", new() { ["THP_MEM_ALLOC_ENABLE"] = "1" }),
    };

    public static void Run(string[] args)
    {
        if (args.Length >= 3 && args[0] == "--deferred-row") { Row(args[1], args[2]); return; }
        string which = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : "all";
        int repeat = args.SkipWhile(a => a != "--repeat").Skip(1).Select(int.Parse).FirstOrDefault(1);
        var memory = RowProcess.Parse(args);
        var sizes = which switch { "small" => new[] { "small" }, "xl" => new[] { "xl" }, _ => new[] { "small", "xl" } };
        var md = new StringBuilder();
        foreach (var size in sizes)
        {
            long primeBytes = size == "xl" ? 7_500_000_000 : 1_500_000_000;
            var runs = RowProcess.Rounds(Rows.Select(r => r.Key).ToList(), repeat, size,
                key => (new[] { "--deferred-row", size, key }, Rows.First(r => r.Key == key).Env), memory, primeBytes);
            var best = runs.ToDictionary(x => x.Key, x => x.Value.Min(r => r.Seconds));
            var median = runs.ToDictionary(x => x.Key, x => Median(x.Value.Select(r => r.Seconds)));
            long paramBytes = runs["eager"][0].ParamBytes;
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"### {size} ({paramBytes / 4 / 1e6:F0}M parameters, {paramBytes / 1e9:F2} GB float32; {repeat} rounds, memory {memory.ToString().ToLowerInvariant()})"));
            md.AppendLine();
            md.AppendLine("| path | best | median | speed-up vs eager (best, median) | time / alloc+zero (best, median) | peak RSS | RSS / param bytes |");
            md.AppendLine("|---|---|---|---|---|---|---|");
            foreach (var (key, label, _) in Rows)
            {
                long rss = runs[key].Max(r => r.Rss);
                md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {label} | {best[key]:F2} s | {median[key]:F2} s | {best["eager"] / best[key]:F2}×, {median["eager"] / median[key]:F2}× | {best[key] / best["zero"]:F2}, {median[key] / median["zero"]:F2} | {rss / 1e9:F2} GB | {(double)rss / paramBytes:F2} |"));
            }
            md.AppendLine();
            md.AppendLine("All runs (s): " + string.Join("; ", Rows.Select(r => $"{r.Key} " + string.Join(" ", runs[r.Key].Select(x => x.Seconds.ToString("F2", CultureInfo.InvariantCulture))))));
            md.AppendLine();
        }
        Console.WriteLine(md.ToString());
    }

    internal static double Median(IEnumerable<double> values)
    {
        var v = values.OrderBy(x => x).ToArray();
        return v.Length % 2 == 1 ? v[v.Length / 2] : (v[v.Length / 2 - 1] + v[v.Length / 2]) / 2;
    }

    /// <summary>One row, in this process: prints <c>ROW seconds peak-rss-bytes param-bytes</c>.</summary>
    static void Row(string size, string row)
    {
        var config = size == "xl" ? DeferredGpt2.Xl : DeferredGpt2.Small;
        using (var warm = ones(4)) warm.add_(1); // load libtorch before the clock starts
        var policy = InitPolicy.Transformer(std: 0.02, nLayer: (int)config.NLayer);
        var engine = InitEngine.Counter(42);
        long[][] shapes = Array.Empty<long[]>();
        if (row.StartsWith("zero", StringComparison.Ordinal))
        {
            using var meta = DeferredInit.Build(() => new DeferredGpt2(config));
            shapes = meta.parameters().Select(p => p.shape).ToArray();
        }
        var clock = Stopwatch.StartNew();
        nn.Module model;
        var kept = new List<Tensor>();
        switch (row)
        {
            case "eager": model = new DeferredGpt2(config); break;
            case "eager-apply": model = new DeferredGpt2(config); model.ApplyInit(policy, engine); break;
            case "meta": model = DeferredInit.Build(() => new DeferredGpt2(config)); break;
            case "deferred" or "deferred-thp":
                model = DeferredInit.Build(() => new DeferredGpt2(config));
                model.Materialize(policy, engine);
                break;
            case "zero" or "zero-thp":
                model = nn.Identity();
                foreach (var s in shapes) kept.Add(zeros(s));
                break;
            default: throw new ArgumentException($"unknown row {row}");
        }
        double seconds = clock.Elapsed.TotalSeconds;
        long paramBytes = row.StartsWith("zero", StringComparison.Ordinal) ? kept.Sum(t => t.numel() * 4) : model.parameters().Sum(p => p.numel() * p.ElementSize);
        if (row == "meta") paramBytes = model.parameters().Sum(p => p.numel() * 4);
        RowProcess.Report(seconds, paramBytes);
        GC.KeepAlive(model);
    }
}
