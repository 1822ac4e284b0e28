using System;
using System.Collections.Generic;
using System.Diagnostics;
using WeightInit.Policy;
using WeightInit.Schemes;

namespace WeightInit.Benchmarks;

/// <summary><c>-- --overhead</c>: the policy's overhead in parity mode as an A/B test, RawFills and ApplyInit
/// alternating on the GPT-2-small-sized model. BenchmarkDotNet runs all of one method's iterations and then the other's,
/// so slow drifts of this shared machine's speed (±15% over minutes) land on one side; alternating cancels them, and
/// swapping which goes first in every other pair (A B, B A, ...) cancels any effect of going second. The plan alone
/// (resolve and validate, no writes) is timed too, and so is ApplyInit with zeros_ on every parameter against zero_
/// called directly: with fills that fast nothing hides the policy's own work (plan, bookkeeping, report statistics),
/// so that difference is an upper bound on the overhead in milliseconds, measured without the random fills' noise.</summary>
static class OverheadReport
{
    public static void Run(int pairs = 20)
    {
        var bench = new ApplyInitBenchmarks();
        bench.Setup();
        try
        {
            bench.RawFills();
            bench.ApplyInit_parity();
            var raw = new List<double>();
            var policy = new List<double>();
            var ratios = new List<double>();
            var plan = new List<double>();
            var zerosPolicy = InitPolicy.EveryWeight(InitScheme.Zeros);
            var rawZeros = new List<double>();
            var policyZeros = new List<double>();
            for (int i = 0; i < pairs; i++)
            {
                double r, p;
                if (i % 2 == 0) { r = Time(bench.RawFills); p = Time(() => bench.ApplyInit_parity()); }
                else { p = Time(() => bench.ApplyInit_parity()); r = Time(bench.RawFills); }
                raw.Add(r);
                policy.Add(p);
                ratios.Add(p / r);
                plan.Add(Time(() => InitPolicy.Transformer().Plan(bench.Model)));
                for (int k = 0; k < 5; k++)
                {
                    rawZeros.Add(Time(() => ZeroEach(bench.Model)));
                    policyZeros.Add(Time(() => bench.Model.ApplyInit(zerosPolicy)));
                }
            }
            var extra = new List<double>();
            for (int i = 0; i < rawZeros.Count; i++) extra.Add(policyZeros[i] - rawZeros[i]);
            Console.WriteLine($"{pairs} alternating pairs on the GPT-2-small-sized model (parity path), every other pair in reverse order");
            Console.WriteLine("| | median | min | max |");
            Console.WriteLine("|---|---|---|---|");
            Console.WriteLine(Row("raw fills (ms)", raw, "F0"));
            Console.WriteLine(Row("ApplyInit (ms)", policy, "F0"));
            Console.WriteLine(Row("ratio of each pair", ratios, "F3"));
            Console.WriteLine(Row("plan alone (ms)", plan, "F1"));
            Console.WriteLine(Row("zero_ each parameter (ms)", rawZeros, "F1"));
            Console.WriteLine(Row("ApplyInit, zeros_ everywhere (ms)", policyZeros, "F1"));
            Console.WriteLine(Row("difference of each pair (ms): overhead bound", extra, "F1"));
        }
        finally { bench.Cleanup(); }
    }

    static void ZeroEach(TorchSharp.torch.nn.Module model)
    {
        using var scope = TorchSharp.torch.NewDisposeScope();
        using var noGrad = TorchSharp.torch.no_grad();
        foreach (var p in model.parameters()) p.zero_();
    }

    static double Time(Action action)
    {
        var sw = Stopwatch.StartNew();
        action();
        return sw.Elapsed.TotalMilliseconds;
    }

    static string Row(string name, List<double> values, string format)
    {
        values.Sort();
        return $"| {name} | {values[values.Count / 2].ToString(format)} | {values[0].ToString(format)} | {values[^1].ToString(format)} |";
    }
}
