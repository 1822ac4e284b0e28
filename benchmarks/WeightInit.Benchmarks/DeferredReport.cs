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

/// <summary><c>--deferred [small|xl|all] [--repeat n]</c>: end-to-end paths to an initialized GPT-2, each row in a
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
        string which = args.Length > 1 && !args[1].StartsWith("--") ? args[1] : "all";
        int repeat = args.SkipWhile(a => a != "--repeat").Skip(1).Select(int.Parse).FirstOrDefault(1);
        var sizes = which switch { "small" => new[] { "small" }, "xl" => new[] { "xl" }, _ => new[] { "small", "xl" } };
        var md = new StringBuilder();
        foreach (var size in sizes)
        {
            var results = new Dictionary<string, (double Seconds, long Rss, long ParamBytes)>();
            foreach (var (key, label, env) in Rows)
            {
                var runs = Enumerable.Range(0, repeat).Select(_ => Spawn(size, key, env)).ToList();
                results[key] = (runs.Min(r => r.Seconds), runs.Min(r => r.Rss), runs[0].ParamBytes);
                Console.Error.WriteLine($"{size} {key}: {string.Join(" ", runs.Select(r => r.Seconds.ToString("F2", CultureInfo.InvariantCulture)))} s, peak RSS {results[key].Rss / 1e9:F2} GB");
            }
            long paramBytes = results["eager"].ParamBytes;
            md.AppendLine($"### {size} ({paramBytes / 4 / 1e6:F0}M parameters, {paramBytes / 1e9:F2} GB float32; best of {repeat})");
            md.AppendLine();
            md.AppendLine("| path | time | speed-up vs eager | time / alloc+zero | peak RSS | RSS / param bytes |");
            md.AppendLine("|---|---|---|---|---|---|");
            foreach (var (key, label, _) in Rows)
            {
                var r = results[key];
                md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {label} | {r.Seconds:F2} s | {results["eager"].Seconds / r.Seconds:F2}× | {r.Seconds / results["zero"].Seconds:F2} | {r.Rss / 1e9:F2} GB | {(double)r.Rss / paramBytes:F2} |"));
            }
            md.AppendLine();
        }
        Console.WriteLine(md.ToString());
    }

    static (double Seconds, long Rss, long ParamBytes) Spawn(string size, string row, Dictionary<string, string>? env)
    {
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        psi.ArgumentList.Add("--deferred-row"); psi.ArgumentList.Add(size); psi.ArgumentList.Add(row);
        if (env != null) foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        var line = output.Split('\n').Last(l => l.StartsWith("ROW ", StringComparison.Ordinal)).Split(' ');
        if (p.ExitCode != 0) throw new InvalidOperationException($"row {size}/{row} exited with {p.ExitCode}: {output}");
        return (double.Parse(line[1], CultureInfo.InvariantCulture), long.Parse(line[2], CultureInfo.InvariantCulture), long.Parse(line[3], CultureInfo.InvariantCulture));
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
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ROW {seconds:F4} {PeakRss()} {paramBytes}"));
        GC.KeepAlive(model);
    }

    static long PeakRss()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        return 0;
    }
}
