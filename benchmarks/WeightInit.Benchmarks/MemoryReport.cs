using System;
using System.Diagnostics;
using System.IO;
using System.Linq;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Policy;

namespace WeightInit.Benchmarks;

/// <summary>Native memory of ApplyInit on the GPT-2-small model, read from /proc (BenchmarkDotNet's memory diagnoser
/// sees only managed allocations): peak RSS above the model itself, and RSS kept after 3 calls.</summary>
public static class MemoryReport
{
    public static void Run()
    {
        using var model = new Gpt2Small();
        long parameters = Gpt2Small.ParameterCount(model);
        Console.WriteLine($"GPT-2-small-sized model: {parameters / 1e6:0.0}M parameters, {parameters * 4 / 1e6:0} MB of float32");
        Console.WriteLine("| run | time (s) | peak RSS above model (MB) | RSS kept after 3 runs (MB) |");
        Console.WriteLine("|---|---|---|---|");
        Measure("raw fills (no policy)", () => Gpt2Small.RawFills(model, null));
        Measure("ApplyInit parity", () => model.ApplyInit(InitPolicy.Transformer));
        Measure("ApplyInit engine", () => model.ApplyInit(InitPolicy.Transformer, InitEngine.Counter(42)));
    }

    static void Measure(string name, Action run)
    {
        run();                                     // warm up (first-touch of pages, libtorch's pools)
        GC.Collect();
        ResetPeak();
        long before = Rss();
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < 3; i++) run();
        double seconds = clock.Elapsed.TotalSeconds / 3;
        GC.Collect();
        long peak = Status("VmHWM"), after = Rss();
        Console.WriteLine($"| {name} | {seconds:0.00} | {(peak - before) / 1e6:0.0} | {(after - before) / 1e6:0.0} |");
    }

    static long Rss() => Status("VmRSS");

    static long Status(string key) =>
        File.ReadLines("/proc/self/status").Where(l => l.StartsWith(key + ":")).Select(l => long.Parse(l.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024).First();

    // Writing 5 to clear_refs resets VmHWM to the current RSS (Linux >= 4.0).
    static void ResetPeak() { try { File.WriteAllText("/proc/self/clear_refs", "5"); } catch (IOException) { } catch (UnauthorizedAccessException) { } }
}
