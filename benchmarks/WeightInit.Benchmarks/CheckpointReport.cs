using System;
using System.Collections;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using TorchSharp;
using TorchSharp.PyBridge;
using WeightInit.Deferred;
using WeightInit.Engine;
using WeightInit.Policy;
using static TorchSharp.torch;

namespace WeightInit.Benchmarks;

/// <summary><c>--checkpoint [small|medium] [--repeat n] [--memory warm|cold]</c>: a partial PyTorch-format checkpoint
/// (TorchSharp.PyBridge save_py of a GPT-2 without its last block) loaded three ways, each row a process of its own:
/// into an eager model with load_py (then ApplyInit keeps what it loaded), into an eager model from the whole state
/// dict read into memory first (the torch.load + load_state_dict pattern), and into a deferred model (Materialize
/// with the checkpoint's keys provided, then load_py). Time and peak RSS (VmHWM) against the parameter bytes.</summary>
public static class CheckpointReport
{
    static readonly (string Key, string Label)[] Rows =
    {
        ("eager-load", "eager constructors + load_py + ApplyInit(KeepNames(loaded))"),
        ("eager-dict", "eager constructors + load_state_dict(UnpickleStateDict(file)) + ApplyInit(KeepNames)"),
        ("deferred-load", "Build + Materialize(Provided: the file's keys) + load_py"),
    };

    static DeferredGpt2.Config ConfigFor(string size) => size switch
    {
        "small" => DeferredGpt2.Small,
        "medium" => new DeferredGpt2.Config("gpt2-medium", 24, 1024),
        _ => throw new ArgumentException($"--checkpoint small|medium, not {size}"),
    };

    public static void Run(string[] args)
    {
        if (args[0] == "--checkpoint-save") { Save(args[1], args[2]); return; }
        if (args[0] == "--checkpoint-row") { Row(args[1], args[2], args[3]); return; }
        string size = args.Length > 1 && !args[1].StartsWith("--", StringComparison.Ordinal) ? args[1] : "small";
        int repeat = args.SkipWhile(a => a != "--repeat").Skip(1).Select(int.Parse).FirstOrDefault(1);
        var memory = RowProcess.Parse(args);
        string path = Path.Combine(Path.GetTempPath(), $"weightinit-checkpoint-{size}.pt");
        if (!File.Exists(path))
        {
            using var save = Process.Start(Environment.ProcessPath!, new[] { "--checkpoint-save", size, path });
            save.WaitForExit();
            if (save.ExitCode != 0) throw new InvalidOperationException("saving the checkpoint failed");
        }
        long primeBytes = size == "medium" ? 4_000_000_000 : 1_500_000_000;
        var runs = RowProcess.Rounds(Rows.Select(r => r.Key).ToList(), repeat, size,
            key => (new[] { "--checkpoint-row", size, key, path }, null), memory, primeBytes);
        long paramBytes = runs["eager-load"][0].ParamBytes;
        var md = new StringBuilder();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"### {size} ({paramBytes / 1e9:F2} GB float32 parameters; checkpoint without the last block, {new FileInfo(path).Length / 1e9:F2} GB file; {repeat} rounds, memory {memory.ToString().ToLowerInvariant()})"));
        md.AppendLine();
        md.AppendLine("| path | best | median | peak RSS | RSS / param bytes |");
        md.AppendLine("|---|---|---|---|---|");
        foreach (var (key, label) in Rows)
        {
            long rss = runs[key].Max(r => r.Rss);
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {label} | {runs[key].Min(r => r.Seconds):F2} s | {DeferredReport.Median(runs[key].Select(r => r.Seconds)):F2} s | {rss / 1e9:F2} GB | {(double)rss / paramBytes:F2} |"));
        }
        Console.WriteLine(md.ToString());
    }

    static InitPolicy PolicyFor(DeferredGpt2.Config c) => InitPolicy.Transformer(std: 0.02, nLayer: (int)c.NLayer);

    static void Save(string size, string path)
    {
        var c = ConfigFor(size);
        using var model = new DeferredGpt2(c);
        model.ApplyInit(PolicyFor(c), InitEngine.Counter(1));
        string last = $"h.{c.NLayer - 1}.";
        model.save_py(path, model.state_dict().Keys.Where(k => k.StartsWith(last, StringComparison.Ordinal)).ToList());
    }

    /// <summary>The names a PyTorch-format checkpoint holds, read from its pickle alone (no tensor data is read).</summary>
    internal static string[] Keys(string path)
    {
        using var stream = File.OpenRead(path);
        return PyTorchUnpickler.UnpickleStateDict(stream, leaveOpen: true, skipTensorRead: true).Keys.Cast<string>().ToArray();
    }

    static void Row(string size, string row, string path)
    {
        var c = ConfigFor(size);
        using (var warm = ones(4)) warm.add_(1); // load libtorch before the clock starts
        var policy = PolicyFor(c);
        var engine = InitEngine.Counter(2);
        var clock = Stopwatch.StartNew();
        nn.Module model;
        switch (row)
        {
            case "eager-load":
            {
                model = new DeferredGpt2(c);
                var loaded = new Dictionary<string, bool>();
                model.load_py(path, strict: false, loadedParameters: loaded);
                model.ApplyInit(policy.KeepNames(loaded.Where(x => x.Value).Select(x => x.Key)), engine);
                break;
            }
            case "eager-dict":
            {
                model = new DeferredGpt2(c);
                Hashtable whole = PyTorchUnpickler.UnpickleStateDict(path);
                var state = whole.Keys.Cast<string>().ToDictionary(k => k, k => (Tensor)whole[k]!);
                model.load_state_dict(state, strict: false);
                foreach (var t in state.Values) t.Dispose();
                model.ApplyInit(policy.KeepNames(state.Keys), engine);
                break;
            }
            case "deferred-load":
                model = DeferredInit.Build(() => new DeferredGpt2(c));
                model.Materialize(policy, engine, options: new MaterializeOptions { Provided = Keys(path) });
                model.load_py(path, strict: false);
                break;
            default: throw new ArgumentException($"unknown row {row}");
        }
        double seconds = clock.Elapsed.TotalSeconds;
        RowProcess.Report(seconds, model.parameters().Sum(p => p.numel() * p.ElementSize));
        GC.KeepAlive(model);
    }
}
