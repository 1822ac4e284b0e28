using System;
using System.Collections.Generic;
using System.Diagnostics;

namespace WeightInit.Benchmarks;

/// <summary><c>-- --overhead</c>: the policy's overhead in parity mode as an A/B test, RawFills and ApplyInit
/// alternating on the GPT-2-small-sized model. BenchmarkDotNet runs all of one method's iterations and then the other's,
/// so slow drifts of this shared machine's speed (±15% over minutes) land on one side; alternating cancels them.</summary>
static class OverheadReport
{
    public static void Run(int pairs = 15)
    {
        var bench = new ApplyInitBenchmarks();
        bench.Setup();
        try
        {
            bench.RawFills();
            bench.ApplyInit_parity();
            var ratios = new List<double>();
            var raw = new List<double>();
            var policy = new List<double>();
            for (int i = 0; i < pairs; i++)
            {
                var sw = Stopwatch.StartNew();
                bench.RawFills();
                double r = sw.Elapsed.TotalMilliseconds;
                sw.Restart();
                bench.ApplyInit_parity();
                double p = sw.Elapsed.TotalMilliseconds;
                raw.Add(r);
                policy.Add(p);
                ratios.Add(p / r);
            }
            raw.Sort();
            policy.Sort();
            ratios.Sort();
            Console.WriteLine($"{pairs} alternating pairs on the GPT-2-small-sized model (parity path)");
            Console.WriteLine("| | median | min | max |");
            Console.WriteLine("|---|---|---|---|");
            Console.WriteLine($"| raw fills (ms) | {raw[pairs / 2]:F0} | {raw[0]:F0} | {raw[^1]:F0} |");
            Console.WriteLine($"| ApplyInit (ms) | {policy[pairs / 2]:F0} | {policy[0]:F0} | {policy[^1]:F0} |");
            Console.WriteLine($"| ratio of each pair | {ratios[pairs / 2]:F3} | {ratios[0]:F3} | {ratios[^1]:F3} |");
        }
        finally { bench.Cleanup(); }
    }
}
