using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;
using WeightInit.Diagnostics;

namespace DepthExperiment;

/// <summary>The depth experiment's table: activation std after layers 1, 10, 25 and 50 (relative to the input's,
/// which is 1) and the gradient std at the first layer's weight, per activation and init.</summary>
public static class DepthTable
{
    public static readonly int[] Depths = { 1, 10, 25, 50 };

    public static IReadOnlyList<double> StdAtDepths(SignalReport report, string activation)
    {
        var acts = report.OfType(ActivationType(activation));
        return Depths.Where(d => d <= acts.Count).Select(d => acts[d - 1].StdRatio).ToList();
    }

    public static bool InBand(SignalReport report, string activation, double low = 0.5, double high = 2.0) =>
        report.OfType(ActivationType(activation)).All(l => l.StdRatio >= low && l.StdRatio <= high);

    public static string ActivationType(string activation) => activation switch { "tanh" => "Tanh", "relu" => "ReLU", _ => "SELU" };

    public static string Markdown(IEnumerable<(string Activation, string Init, SignalReport Report)> rows)
    {
        static string F(double v) => double.IsFinite(v) ? (v != 0 && (v < 1e-3 || v >= 1e4) ? v.ToString("0.0e+0", CultureInfo.InvariantCulture) : v.ToString("0.000", CultureInfo.InvariantCulture)) : v.ToString(CultureInfo.InvariantCulture);
        var sb = new StringBuilder();
        sb.AppendLine("| activation | init | " + string.Join(" | ", Depths.Select(d => $"std @{d}")) + " | grad std @1 | all 50 in [0.5, 2] |");
        sb.AppendLine("|---|---|" + string.Concat(Depths.Select(_ => "---|")) + "---|---|");
        foreach (var (act, init, report) in rows)
        {
            var grad = (report.OfType("Linear") is { Count: > 0 } linear ? linear[0].WeightGradStd : null) ?? double.NaN;
            sb.AppendLine($"| {act} | {init} | {string.Join(" | ", StdAtDepths(report, act).Select(F))} | {F(grad)} | {(InBand(report, act) ? "yes" : "no")} |");
        }
        return sb.ToString();
    }
}
