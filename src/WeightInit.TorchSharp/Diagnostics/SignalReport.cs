using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace WeightInit.Diagnostics;

/// <summary>Per-layer activation and gradient statistics of one forward and backward pass
/// (<see cref="SignalProbe.ProbeSignal"/>). Prints as a table; layers whose output std drifts beyond
/// <see cref="DriftFactor"/> from the input's are flagged.</summary>
public sealed class SignalReport
{
    internal SignalReport(double inputMean, double inputStd, double loss, double driftFactor, IReadOnlyList<LayerSignal> layers)
    {
        InputMean = inputMean;
        InputStd = inputStd;
        Loss = loss;
        DriftFactor = driftFactor;
        Layers = layers;
    }

    /// <summary>Mean of the probe input.</summary>
    public double InputMean { get; }

    /// <summary>Std of the probe input: the reference of every layer's <see cref="LayerSignal.StdRatio"/>.</summary>
    public double InputStd { get; }

    /// <summary>The loss of the probe pass, which the backward pass started from.</summary>
    public double Loss { get; }

    /// <summary>A layer is flagged when its output std is more than this factor above or below the input's.</summary>
    public double DriftFactor { get; }

    /// <summary>Every probed layer, in the order the forward pass ran them.</summary>
    public IReadOnlyList<LayerSignal> Layers { get; }

    /// <summary>The layers whose std drifted beyond <see cref="DriftFactor"/>.</summary>
    public IReadOnlyList<LayerSignal> Flagged => Layers.Where(l => l.Drifted).ToList();

    /// <summary>The probed layers of one module type (e.g. the activations "ReLU", or "Linear").</summary>
    public IReadOnlyList<LayerSignal> OfType(string type) => Layers.Where(l => l.Type == type).ToList();

    /// <summary>The input line, one table row per layer (DRIFT where flagged) and the count of drifted layers.</summary>
    public override string ToString()
    {
        static string F(double? v) => v is double d ? (Math.Abs(d) >= 1e4 || (Math.Abs(d) < 1e-3 && d != 0) ? d.ToString("0.00e+0", CultureInfo.InvariantCulture) : d.ToString("0.0000", CultureInfo.InvariantCulture)) : "";
        var header = new[] { "#", "layer", "type", "mean", "std", "std/input", "grad out std", "grad W std", "dead", "saturated", "softmax H", "" };
        var rows = Layers.Select(l => new[] { l.Depth.ToString(CultureInfo.InvariantCulture), l.Name, l.Type, F(l.Mean), F(l.Std), F(l.StdRatio),
            F(l.OutputGradStd), F(l.WeightGradStd), F(l.DeadFraction), F(l.SaturatedFraction), F(l.SoftmaxEntropy), l.Drifted ? "DRIFT" : "" }).ToList();
        var sb = new StringBuilder();
        sb.AppendLine(CultureInfo.InvariantCulture, $"input mean {F(InputMean)} std {F(InputStd)}; loss {F(Loss)}; drift flagged beyond x{DriftFactor.ToString(CultureInfo.InvariantCulture)}");
        Policy.TextTable.Append(sb, header, rows);
        sb.AppendLine(CultureInfo.InvariantCulture, $"{Flagged.Count} of {Layers.Count} layers drifted");
        return sb.ToString();
    }

    /// <summary>The table as CSV (one row per layer), for plotting elsewhere.</summary>
    public string ToCsv()
    {
        static string F(double? v) => v?.ToString("R", CultureInfo.InvariantCulture) ?? "";
        var sb = new StringBuilder("depth,name,type,mean,std,std_ratio,grad_out_std,grad_weight_std,dead,saturated,softmax_entropy,drifted\n");
        foreach (var l in Layers)
            sb.AppendLine(string.Join(",", l.Depth, l.Name, l.Type, F(l.Mean), F(l.Std), F(l.StdRatio), F(l.OutputGradStd), F(l.WeightGradStd),
                F(l.DeadFraction), F(l.SaturatedFraction), F(l.SoftmaxEntropy), l.Drifted ? "1" : "0"));
        return sb.ToString();
    }
}
