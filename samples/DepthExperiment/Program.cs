using System;
using System.CommandLine;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using DepthExperiment;
using WeightInit.Diagnostics;
using WeightInit.Plotting;

// The depth experiment: does an init keep the signal stable over 50 layers? And a 30-layer ReLU net trained with
// He and with Xavier init (He et al., 2015, Fig. 3 in small).
var output = new Option<string>("--out") { Description = "output folder", DefaultValueFactory = _ => Path.Combine("out", "depth") };
var seed = new Option<int>("--seed") { Description = "seed", DefaultValueFactory = _ => 0 };
var steps = new Option<int>("--steps") { Description = "training steps of the 30-layer run", DefaultValueFactory = _ => 400 };
var root = new RootCommand("Activation/gradient std over 50-layer MLPs for every init and activation, and He vs Xavier on a 30-layer ReLU net.")
{
    output, seed, steps,
};
root.SetAction(parse =>
{
    string folder = Path.GetFullPath(parse.GetValue(output)!);
    Directory.CreateDirectory(folder);
    int s = parse.GetValue(seed);
    var rows = new List<(string, string, SignalReport)>();
    foreach (var act in DeepMlp.Activations)
    {
        var reports = new List<(string, SignalReport)>();
        foreach (var init in DeepMlp.Inits)
        {
            var report = DeepMlp.Probe(act, init, seed: s);
            rows.Add((act, init, report));
            reports.Add((init, report));
            Console.WriteLine($"{act,-5} {init,-12} std@1,10,25,50: {string.Join("  ", DepthTable.StdAtDepths(report, act).Select(v => v.ToString("0.000e+0", CultureInfo.InvariantCulture)))}");
        }
        SignalPlot.Save(reports, Path.Combine(folder, $"depth_{act}.png"), DepthTable.ActivationType(act),
            $"{act}: activation std per depth, width 256");
    }
    string table = DepthTable.Markdown(rows);

    var he = HeFigure3.Train("he", steps: parse.GetValue(steps), seed: s);
    var xavier = HeFigure3.Train("glorot", steps: parse.GetValue(steps), seed: s);
    string Curve(IReadOnlyList<double> l) => string.Join(" ", new[] { 0, 49, 99, 199, l.Count - 1 }.Where(i => i < l.Count).Distinct()
        .Select(i => $"{i + 1}:{l[i].ToString("0.000", CultureInfo.InvariantCulture)}"));
    string training = $"30-layer ReLU MLP (width 128), 10-class task, SGD momentum 0.9, lr 0.03; cross-entropy at steps\n\n" +
                      $"| init | loss by step |\n|---|---|\n| he (kaiming_normal_, relu) | {Curve(he)} |\n| glorot (xavier_normal_, gain 1) | {Curve(xavier)} |\n";
    Console.WriteLine();
    Console.WriteLine(table);
    Console.WriteLine(training);
    File.WriteAllText(Path.Combine(folder, "depth.md"), $"# Depth experiment\n\n{table}\n{training}\n");
    File.WriteAllText(Path.Combine(folder, "he_vs_xavier.csv"), "step,he,xavier\n" + string.Join("\n",
        he.Select((v, i) => $"{i + 1},{v.ToString("R", CultureInfo.InvariantCulture)},{xavier[i].ToString("R", CultureInfo.InvariantCulture)}")));
    Console.WriteLine($"Wrote depth.md, depth_*.png and he_vs_xavier.csv to {folder}");
    return 0;
});
return root.Parse(args).Invoke();
