using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using WeightInit.Sampling;
using WeightInit.Policy;
using WeightInit.Schemes;
using static TorchSharp.torch;

namespace WeightInit.Diagnostics;

/// <summary>Settings of <see cref="Lsuv.ApplyLsuv"/>.</summary>
/// <param name="TargetStd">Output std each layer is scaled to (1.0).</param>
/// <param name="Tolerance">Stop when |std - target| is within this (0.1).</param>
/// <param name="MaxRounds">Most rescaling rounds per layer (10).</param>
/// <param name="OrthonormalInit">Start from orthogonal_ weights and zero biases (true); false keeps what a policy set
/// and only rescales it.</param>
/// <param name="TargetMean">When set, the bias is shifted so the output mean reaches it.</param>
/// <param name="Layers">Module-path glob of the layers to treat (all Linear and Conv layers by default).</param>
public sealed record LsuvOptions(double TargetStd = 1.0, double Tolerance = 0.1, int MaxRounds = 10, bool OrthonormalInit = true,
    double? TargetMean = null, string Layers = "**");

/// <summary>How LSUV ended for one layer.</summary>
/// <param name="Name">Module path of the layer.</param>
/// <param name="Type">Module class, e.g. <c>Linear</c>.</param>
/// <param name="Rounds">Rescaling rounds run (0 when the layer started within tolerance).</param>
/// <param name="InitialStd">Output std on the batch before the first rescaling (after the orthonormal start).</param>
/// <param name="FinalStd">Output std on the batch at the end.</param>
/// <param name="Converged">True when <paramref name="FinalStd"/> is within the tolerance of the target.</param>
public sealed record LsuvLayer(string Name, string Type, int Rounds, double InitialStd, double FinalStd, bool Converged);

/// <summary>
/// Layer-sequential unit-variance initialization (Mishkin and Matas, 2015, "All you need is a good init"): a
/// data-dependent scheme. Layers are treated in the order they run on the batch; each is optionally
/// set orthonormal, then its weight is divided by the std of its output on the batch until that std is within
/// tolerance of the target. Use it alone, or after a policy on selected layers:
/// <c>model.ApplyInit(policy); model.ApplyLsuv(batch, new LsuvOptions(OrthonormalInit: false, Layers: "blocks.**"))</c>.
/// </summary>
public static class Lsuv
{
    /// <summary>Runs LSUV on the layers of <paramref name="model"/> that <see cref="LsuvOptions.Layers"/> selects,
    /// in the order a forward pass on <paramref name="input"/> runs them; weights (and biases, with a target mean
    /// or the orthonormal start) are written in place, without autograd history.</summary>
    /// <param name="model">The model; only its Linear, Conv and ConvTranspose layers are treated.</param>
    /// <param name="input">A batch the model takes; the statistics are over every element of each layer's output.</param>
    /// <param name="options">The settings; null for the defaults of <see cref="LsuvOptions"/>.</param>
    /// <param name="generator">Generator of the orthonormal start; null for the global one.</param>
    /// <returns>One entry per treated layer, in the order treated.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/> or <paramref name="input"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> has a TargetStd or Tolerance that is not a
    /// finite number &gt; 0, a MaxRounds below 1, or a Layers glob that is not valid.</exception>
    public static IReadOnlyList<LsuvLayer> ApplyLsuv(this nn.Module<Tensor, Tensor> model, Tensor input, LsuvOptions? options = null, Generator? generator = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        var o = options ?? new LsuvOptions();
        Check.Positive(o.TargetStd, "TargetStd", nameof(options));
        Check.Positive(o.Tolerance, "Tolerance", nameof(options));
        if (o.MaxRounds < 1) throw new ArgumentException($"MaxRounds must be >= 1, but found {o.MaxRounds}", nameof(options));
        var glob = new NameGlob(o.Layers);
        var layers = LayersInRunOrder(model, input).Where(l => glob.IsMatch(l.Name)).ToList();
        var results = new List<LsuvLayer>();
        using var noGrad = no_grad();
        foreach (var (name, layer) in layers)
        {
            var weight = layer.named_parameters(recurse: false).First(p => p.name == "weight").parameter;
            var bias = layer.named_parameters(recurse: false).FirstOrDefault(p => p.name == "bias").parameter;
            if (o.OrthonormalInit)
            {
                InitScheme.Orthogonal().Apply(weight, generator);
                bias?.zero_();
            }
            double first = double.NaN, std = double.NaN;
            int rounds = 0;
            while (true)
            {
                var (mean, s) = OutputStats(model, layer, input);
                std = s;
                if (double.IsNaN(first)) first = s;
                bool done = Math.Abs(std - o.TargetStd) <= o.Tolerance && (o.TargetMean is not double tm || Math.Abs(mean - tm) <= o.Tolerance);
                if (done || rounds == o.MaxRounds || !(std > 0) || !double.IsFinite(std)) break;
                weight.mul_(o.TargetStd / std);
                if (o.TargetMean is double target && bias is not null) bias.sub_((mean - target) * o.TargetStd / std);
                rounds++;
            }
            results.Add(new LsuvLayer(name, layer.GetType().Name, rounds, first, std, Math.Abs(std - o.TargetStd) <= o.Tolerance));
        }
        return results;
    }

    static bool IsWeighted(nn.Module m) => m is Linear or Conv1d or Conv2d or Conv3d or ConvTranspose1d or ConvTranspose2d or ConvTranspose3d;

    /// <summary>Weighted leaf layers in the order a forward pass on the input runs them.</summary>
    static List<(string Name, nn.Module<Tensor, Tensor> Layer)> LayersInRunOrder(nn.Module<Tensor, Tensor> model, Tensor input)
    {
        var order = new List<(string, nn.Module<Tensor, Tensor>)>();
        var removers = new List<Action>();
        foreach (var (path, module) in ModuleWalker.Modules(model))
            if (IsWeighted(module) && module is nn.Module<Tensor, Tensor> leaf)
            {
                string name = path;
                var hook = leaf.register_forward_hook((m, _, _) => { if (!order.Any(x => ReferenceEquals(x.Item2, m))) order.Add((name, leaf)); return null!; });
                removers.Add(hook.remove);
            }
        try
        {
            using var noGrad = no_grad();
            using var scope = NewDisposeScope();
            model.call(input);
        }
        finally { foreach (var remove in removers) remove(); }
        return order;
    }

    static (double Mean, double Std) OutputStats(nn.Module<Tensor, Tensor> model, nn.Module<Tensor, Tensor> layer, Tensor input)
    {
        double mean = double.NaN, std = double.NaN;
        var hook = layer.register_forward_hook((_, _, output) =>
        {
            // Read here, in the hook: the model may free (or rewrite in place) its intermediates when forward
            // ends. Its own scope keeps the temporaries out of the model's scope.
            using var statsScope = NewDisposeScope();
            var y = output.detach().to(ScalarType.Float64);
            mean = y.mean().item<double>();
            std = y.std().item<double>();
            return null!;
        });
        try
        {
            using var scope = NewDisposeScope();
            model.call(input);
        }
        finally { hook.remove(); }
        return (mean, std);
    }
}
