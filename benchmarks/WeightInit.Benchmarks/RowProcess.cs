using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Linq;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;

namespace WeightInit.Benchmarks;

/// <summary>End-to-end rows, each in a fresh process of its own (this executable, spawned with the row's arguments):
/// the child prints <c>ROW seconds peak-rss-bytes param-bytes</c> and the parent reads it.
/// On this VM the first touch of memory that the hypervisor has taken back costs several times a touch of memory that a
/// process freed a moment ago (6 GB: 5–9 s against 0.7–1.1 s), and the hypervisor takes freed memory back within
/// seconds. So every row starts from the same state, chosen by <see cref="MemoryState"/>: "warm" touches and frees
/// the row's memory in the parent just before the row starts (what a machine without a hypervisor sees); "cold"
/// waits until the hypervisor has taken it back.</summary>
internal static partial class RowProcess
{
    internal enum MemoryState { Warm, Cold }

    internal static MemoryState Parse(string[] args) =>
        args.SkipWhile(a => a != "--memory").Skip(1).FirstOrDefault("warm") switch
        {
            "warm" => MemoryState.Warm,
            "cold" => MemoryState.Cold,
            var other => throw new ArgumentException($"--memory warm|cold, not {other}"),
        };

    /// <summary>Every row <paramref name="repeat"/> times, in rounds that go through the rows in turn (so drift on the
    /// machine spreads over all rows alike), each in its own process; logs each run to stderr.</summary>
    internal static Dictionary<string, List<(double Seconds, long Rss, long ParamBytes)>> Rounds(
        IReadOnlyList<string> rows, int repeat, string label, Func<string, (string[] Arguments, Dictionary<string, string>? Env)> command,
        MemoryState state, long bytes)
    {
        var runs = rows.ToDictionary(r => r, _ => new List<(double Seconds, long Rss, long ParamBytes)>());
        for (int round = 0; round < repeat; round++)
            foreach (var row in rows)
            {
                var (arguments, env) = command(row);
                var r = Spawn(arguments, env, state, bytes);
                runs[row].Add(r);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label} {row} round {round + 1}: {r.Seconds:F2} s, peak RSS {r.Rss / 1e9:F2} GB"));
            }
        return runs;
    }

    /// <summary>Runs one row in a child process, after bringing memory to <paramref name="state"/> for
    /// <paramref name="bytes"/> bytes.</summary>
    internal static (double Seconds, long Rss, long ParamBytes) Spawn(IEnumerable<string> arguments, Dictionary<string, string>? env, MemoryState state, long bytes)
    {
        if (state == MemoryState.Warm) Prime(bytes);
        else Thread.Sleep(TimeSpan.FromSeconds(25));
        var psi = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in arguments) psi.ArgumentList.Add(a);
        if (env != null) foreach (var (k, v) in env) psi.Environment[k] = v;
        using var p = Process.Start(psi)!;
        string output = p.StandardOutput.ReadToEnd();
        p.WaitForExit();
        if (p.ExitCode != 0) throw new InvalidOperationException($"row {string.Join(' ', arguments)} exited with {p.ExitCode}: {output}");
        var line = output.Split('\n').Last(l => l.StartsWith("ROW ", StringComparison.Ordinal)).Split(' ');
        return (double.Parse(line[1], CultureInfo.InvariantCulture), long.Parse(line[2], CultureInfo.InvariantCulture), long.Parse(line[3], CultureInfo.InvariantCulture));
    }

    /// <summary>In the child: the row's result line.</summary>
    internal static void Report(double seconds, long paramBytes) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ROW {seconds:F4} {ShardSimulation.Peak()} {paramBytes}"));

    /// <summary>Touches <paramref name="bytes"/> of fresh memory on every core (huge pages where the kernel gives them)
    /// and frees it, so the next process's first touch finds memory the hypervisor still backs.</summary>
    static unsafe void Prime(long bytes)
    {
        const long huge = 2L << 20;
        bytes = (bytes + huge - 1) / huge * huge;
        byte* p = (byte*)NativeMemory.AlignedAlloc((nuint)bytes, (nuint)huge);
        try
        {
            if (OperatingSystem.IsLinux()) _ = Madvise((nint)p, (nuint)bytes, 14); // MADV_HUGEPAGE
            Parallel.For(0, bytes / huge, block =>
            {
                for (long offset = 0; offset < huge; offset += 4096) p[block * huge + offset] = 1;
            });
        }
        finally { NativeMemory.AlignedFree(p); }
    }

    [LibraryImport("libc", EntryPoint = "madvise")]
    private static partial int Madvise(nint address, nuint length, int advice);
}
