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
/// module buffers (BatchNorm running stats) are restored, and temporaries are disposed.
/// </summary>
public static class SignalProbe
{
    public static SignalReport ProbeSignal(this nn.Module<Tensor, Tensor> model, Tensor input, Func<Tensor, Tensor> loss, double driftFactor = 2.0)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(loss);
        if (!(driftFactor > 1)) throw new ArgumentException($"driftFactor must be > 1, but found {driftFactor}", nameof(driftFactor));

        var parameters = model.parameters().ToList();
        var savedGrads = parameters.Select(p => p.grad is Tensor g ? g.detach().clone().DetachFromDisposeScope() : null).ToList();
        var savedBuffers = model.named_buffers().Select(b => (b.buffer, b.buffer.detach().clone().DetachFromDisposeScope())).ToList();
        var captures = new List<(string Name, nn.Module Module, Tensor Output)>();
        var removers = new List<Action>();
        try
        {
            using var scope = NewDisposeScope();
            foreach (var p in parameters) p.grad = null;
            foreach (var (path, module) in ModuleWalker.Modules(model))
            {
                if (module.children().Any() || module is not nn.Module<Tensor, Tensor> leaf) continue;
                string name = path.Length == 0 ? "(root)" : path;
                // Containers such as Sequential dispose their intermediate results, so the hook keeps the output and
                // passes on an alias (a view: no copy, and gradients still flow into the kept output).
                var hook = leaf.register_forward_hook((m, _, output) =>
                {
                    if (output.requires_grad) output.retain_grad();
                    captures.Add((name, m, output));
                    return output.alias();
                });
                removers.Add(hook.remove);
            }
            var result = model.call(input);
            var lossValue = loss(result);
            if (lossValue.requires_grad) lossValue.backward();

            double inputStd = Std(input), inputMean = input.detach().to(ScalarType.Float64).mean().item<double>();
            var layers = new List<LayerSignal>();
            foreach (var (name, module, output) in captures)
            {
                var y = output.detach().to(ScalarType.Float64);
                double std = Std(y), ratio = inputStd > 0 ? std / inputStd : double.NaN;
                double? weightGrad = module.named_parameters(recurse: false).FirstOrDefault(p => p.name == "weight").parameter?.grad is Tensor wg ? Std(wg) : null;
                layers.Add(new LayerSignal(layers.Count + 1, name, module.GetType().Name, y.mean().item<double>(), std,
                    output.grad is Tensor og ? Std(og) : null, weightGrad, Dead(module, y), Saturated(module, y), SoftmaxEntropy(module, y),
                    ratio, ratio > driftFactor || ratio < 1 / driftFactor));
            }
            return new SignalReport(inputMean, inputStd, lossValue.to(ScalarType.Float64).mean().item<double>(), driftFactor, layers);
        }
        finally
        {
            foreach (var remove in removers) remove();
            for (int i = 0; i < parameters.Count; i++) { parameters[i].grad = savedGrads[i]; }
            using (no_grad())
                foreach (var (buffer, saved) in savedBuffers) { buffer.copy_(saved); saved.Dispose(); }
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
