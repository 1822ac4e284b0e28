using System;
using System.Collections.Generic;
using TorchSharp;
using WeightInit;
using WeightInit.Diagnostics;
using WeightInit.Policy;
using WeightInit.Schemes;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DepthExperiment;

/// <summary>The deep MLPs of the experiment: depth × (Linear(width, width), activation), zero biases, and the inits
/// compared. "xavier" and "orthogonal" use the activation's gain (calculate_gain), as PyTorch recommends; "glorot" is
/// Xavier with gain 1, as in Glorot and Bengio (2010) — for ReLU, "xavier" with gain √2 is the same as He.</summary>
public static class DeepMlp
{
    public static readonly string[] Activations = { "tanh", "relu", "selu" };
    public static readonly string[] Inits = { "xavier", "glorot", "he", "lecun", "orthogonal", "lsuv", "normal-1", "normal-0.01" };

    public static Module<Tensor, Tensor> Build(int depth, int width, string activation, int outputs = 0)
    {
        var layers = new List<(string, Module<Tensor, Tensor>)>();
        for (int i = 0; i < depth; i++)
        {
            layers.Add(($"fc{i + 1}", Linear(width, width)));
            layers.Add(($"act{i + 1}", activation switch
            {
                "tanh" => Tanh(),
                "relu" => ReLU(),
                "selu" => SELU(),
                _ => throw new ArgumentException($"Unknown activation '{activation}'; use tanh, relu or selu"),
            }));
        }
        if (outputs > 0) layers.Add(("head", Linear(width, outputs)));
        return Sequential(layers);
    }

    /// <summary>Initializes every Linear of the MLP by the named init; LSUV needs the batch.</summary>
    public static void Initialize(Module<Tensor, Tensor> mlp, string init, string activation, Tensor batch, Generator generator)
    {
        if (init == "lsuv")
        {
            mlp.ApplyLsuv(batch, new LsuvOptions(), generator);
            return;
        }
        var gainName = activation == "selu" ? "selu" : activation;
        InitScheme scheme = init switch
        {
            "xavier" => InitScheme.XavierNormal(TensorInitExtensions.calculate_gain(gainName)),
            "he" => InitScheme.KaimingNormal(nonlinearity: "relu"),
            "lecun" => InitScheme.LecunNormal,
            "orthogonal" => InitScheme.Orthogonal(TensorInitExtensions.calculate_gain(gainName)),
            "normal-1" => InitScheme.Normal(0, 1),
            "normal-0.01" => InitScheme.Normal(0, 0.01),
            "glorot" => InitScheme.XavierNormal(),
            _ => throw new ArgumentException($"Unknown init '{init}'; use {string.Join(", ", Inits)}"),
        };
        mlp.ApplyInit(scheme, generator);
    }

    /// <summary>Probes one MLP on a standard normal batch with an MSE loss to random targets.</summary>
    public static SignalReport Probe(string activation, string init, int depth = 50, int width = 256, int batchSize = 512, int seed = 0)
    {
        using var scope = NewDisposeScope();
        using var g = new Generator((ulong)seed);
        var x = randn(new long[] { batchSize, width }, generator: g);
        var target = randn(new long[] { batchSize, width }, generator: g);
        using var mlp = Build(depth, width, activation);
        Initialize(mlp, init, activation, x, g);
        return mlp.ProbeSignal(x, y => functional.mse_loss(y, target), driftFactor: 2.0);
    }
}
