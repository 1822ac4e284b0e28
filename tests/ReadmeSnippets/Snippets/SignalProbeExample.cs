// README.md, "Seeing the signal: probe, LSUV, depth experiment".
using TorchSharp;
using WeightInit.Diagnostics;
using WeightInit.Plotting;
using WeightInit.Policy;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace ReadmeSnippets.Snippets;

public static class SignalProbeExample
{
    public static (SignalReport Report, IReadOnlyList<LsuvLayer> Layers) Run(Module<Tensor, Tensor> model, Tensor batch, Tensor labels, InitPolicy policy)
    {
        SignalReport report = model.ProbeSignal(batch, output => functional.cross_entropy(output, labels), driftFactor: 2);
        Console.WriteLine(report);                   // per layer: mean, std, std/input, grad std at output and weight,
                                                     // dead ReLU units, saturated tanh/sigmoid, softmax entropy, DRIFT flags
        report.SavePlot("std_per_depth.png");        // WeightInit.TorchSharp.Plotting (ScottPlot), kept out of the core package

        var layers = model.ApplyLsuv(batch);         // LSUV (Mishkin & Matas, 2015): orthonormal, then rescale layer by layer
        model.ApplyInit(policy);                     // or: LSUV on selected layers after a policy
        model.ApplyLsuv(batch, new LsuvOptions(OrthonormalInit: false, Layers: "blocks.**", TargetMean: 0));
        return (report, layers);
    }
}
