using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using TorchSharp.Modules;
using WeightInit.Policy;
using static TorchSharp.torch;

namespace WeightInit.Diagnostics;

/// <summary>
/// Shows whether an init keeps the signal stable in a real model: one forward and backward pass with hooks on every
/// leaf module (modules run through <c>call()</c>, as Sequential does), recording per layer what
/// <see cref="LayerSignal"/> lists. Probing changes nothing: parameters are not written, their gradients and the
/// module buffers (BatchNorm running stats) are restored, and temporaries are disposed. Output statistics are taken
/// inside each hook, so models that free their intermediates when forward ends (TorchVision's, with a dispose scope)
/// or rewrite them in place can be probed; each probed layer hands the next a copy of its output (one extra
/// activation per layer while the probe runs) so that the gradient reported is the one at that layer's output.
/// </summary>
public static class SignalProbe
{
    /// <summary>One forward pass of <paramref name="input"/> and one backward pass from
    /// <paramref name="loss"/>(output), recording every leaf layer; the model's parameters, gradients and buffers
    /// are as they were afterwards.</summary>
    /// <param name="model">The model to probe.</param>
    /// <param name="input">A batch the model takes.</param>
    /// <param name="loss">Maps the model's output to a scalar loss (e.g. <c>y =&gt; y.pow(2).mean()</c>).</param>
    /// <param name="driftFactor">A layer is flagged when its output std is more than this factor above or below the
    /// input's (2).</param>
    /// <returns>The per-layer statistics.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="model"/>, <paramref name="input"/> or
    /// <paramref name="loss"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="driftFactor"/> is not &gt; 1.</exception>
    public static SignalReport ProbeSignal(this nn.Module<Tensor, Tensor> model, Tensor input, Func<Tensor, Tensor> loss, double driftFactor = 2.0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(loss);
        if (!(driftFactor > 1)) throw new ArgumentException($"driftFactor must be > 1, but found {driftFactor}", nameof(driftFactor));

        var parameters = model.parameters().ToList();
        List<Tensor?> savedGrads;
        List<(Tensor Buffer, Tensor Saved)> savedBuffers;
        using (NewDisposeScope())   // the grad handles and detach() views are temporaries; only the copies are kept
        {
            savedGrads = parameters.Select(p => p.grad is Tensor g ? g.detach().clone().DetachFromDisposeScope() : null).ToList();
            savedBuffers = model.named_buffers().Select(b => (b.buffer, b.buffer.detach().clone().DetachFromDisposeScope())).ToList();
        }
        var captures = new List<Capture>();
        var removers = new List<Action>();
        try
        {
            using var scope = NewDisposeScope();
            foreach (var p in parameters) p.grad = null;
            foreach (var (path, module) in ModuleWalker.Modules(model))
            {
                if (module.children().Any() || module is not nn.Module<Tensor, Tensor> leaf) continue;
                string name = path.Length == 0 ? "(root)" : path;
                var hook = leaf.register_forward_hook((m, _, output) =>
                {
                    // The statistics are taken here, while the output exists and before any later in-place op
                    // (ReLU(inplace), x.add_(identity)) rewrites it: models free their intermediates when forward
                    // ends (a dispose scope, Sequential, `using var`), so nothing may depend on them afterwards.
                    var capture = Capture.Of(name, m, output);
                    captures.Add(capture);
                    if (!output.requires_grad) return null!;
                    // For the gradient at this output: a handle of our own (an alias, no copy) that outlives forward
                    // and retains its grad, and a copy for the layers after, so their in-place ops change neither
                    // this output nor which value the retained gradient belongs to.
                    var kept = output.alias().DetachFromDisposeScope();
                    capture.Kept = kept;
                    kept.retain_grad();
                    return kept.clone();
                });
                removers.Add(hook.remove);
            }
            var result = model.call(input);
            var lossValue = loss(result);
            if (lossValue.requires_grad) lossValue.backward();

            double inputStd = Std(input), inputMean = input.detach().to(ScalarType.Float64).mean().item<double>();
            var layers = new List<LayerSignal>();
            foreach (var c in captures)
            {
                double ratio = inputStd > 0 ? c.Std / inputStd : double.NaN;
                double? weightGrad = c.Module.named_parameters(recurse: false).FirstOrDefault(p => p.name == "weight").parameter?.grad is Tensor wg ? Std(wg) : null;
                layers.Add(new LayerSignal(layers.Count + 1, c.Name, c.Module.GetType().Name, c.Mean, c.Std,
                    c.Kept?.grad is Tensor og ? Std(og) : null, weightGrad, c.Dead, c.Saturated, c.Entropy,
                    ratio, ratio > driftFactor || ratio < 1 / driftFactor));
            }
            return new SignalReport(inputMean, inputStd, lossValue.to(ScalarType.Float64).mean().item<double>(), driftFactor, layers);
        }
        finally
        {
            foreach (var remove in removers) remove();
            foreach (var c in captures) c.Kept?.Dispose();
            // set_grad takes its own reference to the tensor, so our handle on the copy can go.
            for (int i = 0; i < parameters.Count; i++) { parameters[i].grad = savedGrads[i]; savedGrads[i]?.Dispose(); }
            using (no_grad())
                foreach (var (buffer, saved) in savedBuffers) { buffer.copy_(saved); saved.Dispose(); }
        }
    }

    /// <summary>One layer call: its output statistics, taken in the forward hook, and our handle on the output
    /// for its gradient after backward.</summary>
    sealed class Capture
    {
        public required string Name { get; init; }
        public required nn.Module Module { get; init; }
        public double Mean { get; init; }
        public double Std { get; init; }
        public double? Dead { get; init; }
        public double? Saturated { get; init; }
        public double? Entropy { get; init; }
        public Tensor? Kept { get; set; }

        public static Capture Of(string name, nn.Module module, Tensor output)
        {
            // Its own scope: the temporaries never land in the model's scope (or the caller's, for a model without one).
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            var y = output.detach().to(ScalarType.Float64);
            return new Capture
            {
                Name = name, Module = module, Mean = y.mean().item<double>(), Std = SignalProbe.Std(y),
                Dead = SignalProbe.Dead(module, y), Saturated = SignalProbe.Saturated(module, y), Entropy = SignalProbe.SoftmaxEntropy(module, y),
            };
        }
    }

    static double Std(Tensor t) => t.numel() > 1 ? t.detach().to(ScalarType.Float64).std().item<double>() : 0.0;

    // A unit is dead when it is zero for every sample of the batch (dim 0).
    static double? Dead(nn.Module m, Tensor y) =>
        m is ReLU or ReLU6 && y.dim() >= 2 ? y.le(0).all(0).to(ScalarType.Float64).mean().item<double>() : null;

    static double? Saturated(nn.Module m, Tensor y) => m switch
    {
        Tanh => y.abs().gt(0.99).to(ScalarType.Float64).mean().item<double>(),
        Sigmoid => (y.lt(0.01) | y.gt(0.99)).to(ScalarType.Float64).mean().item<double>(),
        _ => null,
    };

    static double? SoftmaxEntropy(nn.Module m, Tensor y) => m is Softmax && y.shape[^1] > 1
        ? (-(y * y.clamp_min(1e-30).log()).sum(-1)).mean().item<double>() / Math.Log(y.shape[^1])
        : null;
}
