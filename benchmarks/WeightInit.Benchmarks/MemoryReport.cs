using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Linq;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Policy;

namespace WeightInit.Benchmarks;

/// <summary>Native memory of ApplyInit on the GPT-2-small model, read from /proc (BenchmarkDotNet's memory diagnoser
/// sees only managed allocations): peak RSS above the model itself, and RSS kept after 3 calls; then RSS over
/// 20,000 ApplyInit calls on a small model, where the tests' exact live-tensor count cannot see native memory that is
/// not a tensor. RSS is judged here, by its slope after the plateau, and not in the tests: the allocator and the GC
/// move it by tens of MB, so any fixed bound in a test fails at random.</summary>
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
        Measure("ApplyInit parity", () => model.ApplyInit(InitPolicy.Transformer()));
        Measure("ApplyInit engine", () => model.ApplyInit(InitPolicy.Transformer(), InitEngine.Counter(42)));
        Console.WriteLine();
        using var small = new SmallTransformer();
        var policy = InitPolicy.Transformer().Then(InitPolicy.XavierAttention());
        using var g = new torch.Generator(7);
        Slope("ApplyInit parity, small transformer", () => small.ApplyInit(policy, g));
        Slope("ApplyInit engine, small transformer", () => small.ApplyInit(policy, InitEngine.Counter(7)));
    }

    /// <summary>RSS every 2,000 of 20,000 calls. A leak grows linearly; settling (glibc arenas, the GC heap) stops.
    /// The slope over the second half, after the plateau, is the figure that means something.</summary>
    static void Slope(string name, Action call)
    {
        const int Calls = 20_000, Every = 2_000;
        var rss = new List<long>();
        for (int i = 0; i <= Calls; i++)
        {
            if (i % Every == 0) { GC.Collect(); GC.WaitForPendingFinalizers(); GC.Collect(); rss.Add(Rss()); }
            if (i < Calls) call();
        }
        long half = rss[rss.Count / 2], last = rss[^1];
        Console.WriteLine($"{name}: RSS (MB) every {Every} calls: {string.Join(" ", rss.Select(r => (r / 1e6).ToString("0.0")))}");
        Console.WriteLine($"  first half {(half - rss[0]) / 1e6:+0.0;-0.0} MB, second half {(last - half) / 1e6:+0.0;-0.0} MB = {(last - half) / (Calls / 2.0):0} bytes per call");
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
