using System;
using System.Collections.Generic;
using System.Linq;
using WeightInit.Diagnostics;

namespace WeightInit.Plotting;

/// <summary>PNG plots of <see cref="SignalReport"/>s: output std per depth on a log scale, one line per report,
/// with the drift band of the first report shaded, so vanishing and exploding signals show at a glance.</summary>
public static class SignalPlot
{
    /// <summary>Plots one report's layers (optionally only those of one module type, e.g. the activations).</summary>
    public static void SavePlot(this SignalReport report, string path, string? layerType = null, string? title = null) =>
        Save(new[] { ("std", report) }, path, layerType, title ?? "Activation std per depth");

    /// <summary>Plots several labelled reports on one chart.</summary>
    public static void Save(IEnumerable<(string Label, SignalReport Report)> reports, string path, string? layerType = null,
        string title = "Activation std per depth", int width = 900, int height = 560)
    {
        var list = reports.ToList();
        if (list.Count == 0) throw new ArgumentException("Nothing to plot", nameof(reports));
        var plot = new ScottPlot.Plot();
        foreach (var (label, report) in list)
        {
            var layers = layerType == null ? report.Layers : report.OfType(layerType);
            var xs = Enumerable.Range(1, layers.Count).Select(i => (double)i).ToArray();
            var ys = layers.Select(l => Math.Log10(Math.Clamp(l.Std, 1e-30, 1e30))).ToArray();
            var line = plot.Add.ScatterLine(xs, ys);
            line.LegendText = label;
            line.LineWidth = 2;
        }
        var first = list[0].Report;
        double band = Math.Log10(first.DriftFactor), center = Math.Log10(Math.Max(first.InputStd, 1e-30));
        var span = plot.Add.VerticalSpan(center - band, center + band);   // a band of y values
        span.FillStyle.Color = ScottPlot.Colors.Green.WithAlpha(0.08);
        span.LineStyle.Width = 0;
        plot.Title(title);
        plot.XLabel(layerType == null ? "layer" : $"{layerType} layer (depth)");
        plot.YLabel("log10 output std");
        plot.ShowLegend(ScottPlot.Alignment.UpperRight);
        plot.SavePng(path, width, height);
    }
}
