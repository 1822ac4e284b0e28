using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using StMamba.Data;
using StMamba.Model;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace StMamba.Training;

/// <summary>Options of one training run.</summary>
public sealed record TrainOptions(int Epochs = 4, int BatchSize = 32, double LearningRate = 2e-3, int Seed = 42,
    double TargetLoss = 0.30, string Device = "cpu");

/// <summary>Trains one model with Adam on MAE and measures what the sample reports. The same seed gives the same
/// batches for every policy, so policies differ only in their initial weights.</summary>
public static class Trainer
{
    public static RunResult Train(string policy, StMambaNet model, WindowedDataset data, TrainOptions o, Action<int, double, double>? onEpoch = null)
    {
        var device = torch.device(o.Device);
        var clock = Stopwatch.StartNew();
        double entropy = AttentionEntropy(model, data.Validation, device);
        var optimizer = optim.Adam(model.parameters(), lr: o.LearningRate);
        var losses = new List<double>();
        var validation = new List<double>();
        var gradNorms = new List<double>();
        bool diverged = false;
        var shuffle = new Random(o.Seed);
        long n = data.Train.Count;
        double ema = double.NaN;
        int? stepsToTarget = null;
        for (int epoch = 0; epoch < o.Epochs && !diverged; epoch++)
        {
            model.train();
            var order = Enumerable.Range(0, (int)n).OrderBy(_ => shuffle.Next()).ToArray();
            for (int start = 0; start + o.BatchSize <= n && !diverged; start += o.BatchSize)
            {
                using var scope = NewDisposeScope();
                var idx = tensor(order.AsSpan(start, o.BatchSize).ToArray().Select(i => (long)i).ToArray());
                var (x, tod, dow, y) = Batch(data.Train, idx, device);
                optimizer.zero_grad();
                var loss = functional.l1_loss(model.forward(x, tod, dow), y);
                double value = loss.item<float>();
                if (!double.IsFinite(value) || value > 1e3) { losses.Add(value); diverged = true; break; }
                loss.backward();
                gradNorms.Add(GradNorm(model));
                optimizer.step();
                losses.Add(value);
                ema = double.IsNaN(ema) ? value : 0.9 * ema + 0.1 * value;
                if (stepsToTarget == null && ema <= o.TargetLoss) stepsToTarget = losses.Count;
            }
            var val = Evaluate(model, data.Validation, data.Normalizer, device, out double valLoss);
            validation.Add(valLoss);
            if (!double.IsFinite(valLoss)) diverged = true;
            onEpoch?.Invoke(epoch, losses.Count > 0 ? losses.Skip(Math.Max(0, losses.Count - 20)).Average() : double.NaN, valLoss);
        }
        var validationMetrics = Evaluate(model, data.Validation, data.Normalizer, device, out _);
        var testMetrics = Evaluate(model, data.Test, data.Normalizer, device, out _);
        return new RunResult(policy, losses, validation, entropy, gradNorms.FirstOrDefault(double.NaN),
            gradNorms.Count > 0 ? gradNorms.Average() : double.NaN, stepsToTarget, diverged, validationMetrics, testMetrics,
            clock.Elapsed.TotalSeconds);
    }

    static (Tensor X, Tensor Tod, Tensor Dow, Tensor Y) Batch(WindowSet set, Tensor idx, Device device) =>
        (set.X.index_select(0, idx).to(device), set.TimeOfDay.index_select(0, idx).to(device),
         set.DayOfWeek.index_select(0, idx).to(device), set.Y.index_select(0, idx).to(device));

    static double GradNorm(nn.Module model)
    {
        using var scope = NewDisposeScope();
        double sq = 0;
        foreach (var p in model.parameters())
            if (p.grad is Tensor g) sq += g.square().sum().item<float>();
        return Math.Sqrt(sq);
    }

    /// <summary>MAE/RMSE/MAPE on the original scale and the normalized MAE loss, without gradients.</summary>
    public static Metrics Evaluate(StMambaNet model, WindowSet set, Normalizer norm, Device device, out double normalizedLoss)
    {
        model.eval();
        using var noGrad = no_grad();
        double abs = 0, sq = 0, pct = 0, lossSum = 0;
        long count = 0, pctCount = 0;
        const int batch = 64;
        for (long start = 0; start < set.Count; start += batch)
        {
            using var scope = NewDisposeScope();
            long len = Math.Min(batch, set.Count - start);
            var idx = arange(start, start + len);
            var (x, tod, dow, y) = Batch(set, idx, device);
            var pred = model.forward(x, tod, dow);
            lossSum += functional.l1_loss(pred, y, reduction: Reduction.Sum).item<float>();
            var p = norm.Invert(pred).cpu();
            var t = norm.Invert(y).cpu();
            var err = p - t;
            abs += err.abs().sum().item<float>();
            sq += err.square().sum().item<float>();
            count += err.numel();
            var mask = t > 10;
            pct += (err.abs() / t.clamp_min(1e-6)).masked_select(mask).sum().item<float>();
            pctCount += mask.sum().item<long>();
        }
        normalizedLoss = lossSum / count;
        return new Metrics(abs / count, Math.Sqrt(sq / count), pctCount > 0 ? 100 * pct / pctCount : double.NaN);
    }

    /// <summary>Mean entropy of the spatial attention rows on one validation batch, divided by log(N): near 1 the
    /// scores are flat, near 0 softmax is saturated on one sensor.</summary>
    public static double AttentionEntropy(StMambaNet model, WindowSet set, Device device)
    {
        model.eval();
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var attention = model.Blocks[0].Attention;
        attention.KeepAttention = true;
        var idx = arange(Math.Min(32, set.Count));
        var (x, tod, dow, _) = Batch(set, idx, device);
        model.forward(x, tod, dow);
        attention.KeepAttention = false;
        var a = attention.LastAttention!;
        double entropy = (-(a * a.clamp_min(1e-12).log()).sum(-1)).mean().item<float>() / Math.Log(a.shape[^1]);
        a.Dispose();
        return entropy;
    }
}
