using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using StMamba.Training;

namespace StMamba.Reporting;

/// <summary>The per-policy comparison as a Markdown table (printed and written as results.md).</summary>
public static class ResultsTable
{
    static readonly int[] LossSteps = { 1, 10, 50, 200 };

    public static string Markdown(IReadOnlyList<RunResult> runs, double targetLoss)
    {
        static string F(double v, string format = "0.000") => double.IsFinite(v) ? v.ToString(format, CultureInfo.InvariantCulture) : "n/a";
        var header = new List<string> { "policy" };
        header.AddRange(LossSteps.Select(s => $"loss@{s}"));
        header.AddRange(new[] { "final loss", "val MAE", "val RMSE", "val MAPE %", "test MAE", "test RMSE", "test MAPE %",
            $"steps to loss {F(targetLoss, "0.00")}", "grad norm start", "grad norm mean", "attn entropy start", "diverged", "seconds" });
        var sb = new StringBuilder();
        sb.AppendLine("| " + string.Join(" | ", header) + " |");
        sb.AppendLine("|" + string.Concat(header.Select(_ => "---|")));
        foreach (var r in runs)
        {
            var cells = new List<string> { r.Policy };
            cells.AddRange(LossSteps.Select(s => s <= r.TrainLoss.Count ? F(r.TrainLoss[s - 1]) : "-"));
            cells.Add(r.TrainLoss.Count > 0 ? F(r.TrainLoss.Skip(Math.Max(0, r.TrainLoss.Count - 20)).Average()) : "-");
            cells.AddRange(new[] { F(r.Validation.Mae, "0.00"), F(r.Validation.Rmse, "0.00"), F(r.Validation.Mape, "0.0"),
                F(r.Test.Mae, "0.00"), F(r.Test.Rmse, "0.00"), F(r.Test.Mape, "0.0"),
                r.StepsToTarget?.ToString(CultureInfo.InvariantCulture) ?? "never", F(r.GradNormAtStart, "0.00"), F(r.MeanGradNorm, "0.00"),
                F(r.AttentionEntropyAtStart), r.Diverged ? "yes" : "no", F(r.Seconds, "0.0") });
            sb.AppendLine("| " + string.Join(" | ", cells) + " |");
        }
        return sb.ToString();
    }
}
