using System;
using System.Collections.Generic;
using System.Linq;
using WeightInit.Diagnostics;

namespace WeightInit.Plotting;

/// <summary>PNG plots of <see cref="SignalReport"/>s: output std per depth on a log scale, one line per report,
/// with the drift band of the first report shaded, so vanishing and exploding signals show at a glance.</summary>
public static class SignalPlot
{
    /// <summary>Plots one report's layers (optionally only those of one module type, e.g. the activations) as a
    /// 900 × 560 PNG.</summary>
    /// <param name="report">The report to plot.</param>
    /// <param name="path">The PNG file to write (replaced when it exists).</param>
    /// <param name="layerType">Only the layers of this module class (e.g. "ReLU"); null for every layer.</param>
    /// <param name="title">The chart title; null for "Activation std per depth".</param>
    /// <exception cref="ArgumentNullException"><paramref name="report"/> or <paramref name="path"/> is null.</exception>
    public static void SavePlot(this SignalReport report, string path, string? layerType = null, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        Save(new[] { ("std", report) }, path, layerType, title ?? "Activation std per depth");
    }

    /// <summary>Plots several labelled reports on one chart, one line each; the drift band shaded is the first
    /// report's.</summary>
    /// <param name="reports">The reports with their legend labels, in legend order.</param>
    /// <param name="path">The PNG file to write (replaced when it exists).</param>
    /// <param name="layerType">Only the layers of this module class (e.g. "ReLU"); null for every layer.</param>
    /// <param name="title">The chart title.</param>
    /// <param name="width">Image width in pixels.</param>
    /// <param name="height">Image height in pixels.</param>
    /// <exception cref="ArgumentNullException"><paramref name="reports"/>, one of its reports, or
    /// <paramref name="path"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="reports"/> is empty.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="width"/> or <paramref name="height"/> is not
    /// positive.</exception>
    public static void Save(IEnumerable<(string Label, SignalReport Report)> reports, string path, string? layerType = null,
        string title = "Activation std per depth", int width = 900, int height = 560)
    {
        ArgumentNullException.ThrowIfNull(reports);
        ArgumentNullException.ThrowIfNull(path);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(width);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(height);
        var list = reports.ToList();
        if (list.Count == 0) throw new ArgumentException("Nothing to plot", nameof(reports));
        if (list.Any(r => r.Report is null)) throw new ArgumentNullException(nameof(reports), "a report is null");
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
