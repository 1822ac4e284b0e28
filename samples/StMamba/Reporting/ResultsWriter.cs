using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using StMamba.Training;

namespace StMamba.Reporting;

/// <summary>Writes the run's outputs: loss_curves.csv (training loss per step, one column per policy),
/// loss_curves.png (ScottPlot) and results.md (the table and the run's settings).</summary>
public static class ResultsWriter
{
    public static void WriteAll(string folder, IReadOnlyList<RunResult> runs, string settings, double targetLoss)
    {
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "loss_curves.csv"), Csv(runs));
        File.WriteAllText(Path.Combine(folder, "results.md"),
            $"# ST-Mamba: init policies compared\n\n{settings}\n\n{ResultsTable.Markdown(runs, targetLoss)}\n![loss curves](loss_curves.png)\n");
        Chart(runs, Path.Combine(folder, "loss_curves.png"));
    }

    public static string Csv(IReadOnlyList<RunResult> runs)
    {
        var sb = new StringBuilder("step," + string.Join(",", runs.Select(r => r.Policy)) + "\n");
        int steps = runs.Max(r => r.TrainLoss.Count);
        for (int i = 0; i < steps; i++)
            sb.Append(i + 1).Append(',')
              .AppendLine(string.Join(",", runs.Select(r => i < r.TrainLoss.Count ? r.TrainLoss[i].ToString("R", CultureInfo.InvariantCulture) : "")));
        return sb.ToString();
    }

    static void Chart(IReadOnlyList<RunResult> runs, string path)
    {
        var plot = new ScottPlot.Plot();
        foreach (var r in runs.Where(r => r.TrainLoss.Count > 0))
        {
            // A 10-step moving average keeps the curves readable; log10 because the controls start orders of magnitude higher.
            var smoothed = Smooth(r.TrainLoss, 10).Select(v => Math.Log10(Math.Max(v, 1e-6))).ToArray();
            var line = plot.Add.ScatterLine(Enumerable.Range(1, smoothed.Length).Select(i => (double)i).ToArray(), smoothed);
            line.LegendText = r.Policy + (r.Diverged ? " (diverged)" : "");
            line.LineWidth = 2;
        }
        plot.Title("ST-Mamba training loss by init policy");
        plot.XLabel("optimizer step");
        plot.YLabel("log10 training MAE (normalized)");
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        plot.SavePng(path, 900, 540);
    }

    static IEnumerable<double> Smooth(IReadOnlyList<double> values, int window)
    {
        double sum = 0;
        for (int i = 0; i < values.Count; i++)
        {
            sum += values[i];
            if (i >= window) sum -= values[i - window];
            yield return sum / Math.Min(i + 1, window);
        }
    }
}
