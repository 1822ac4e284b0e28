using System;
using System.Collections.Generic;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.nn;

namespace DepthExperiment;

/// <summary>He et al. (2015), Fig. 3 in small: a 30-layer ReLU net trains with He init and stalls with Xavier
/// (Glorot, gain 1), whose signal halves in variance at every layer. Task: 10 classes from a random linear teacher on
/// Gaussian inputs; SGD with momentum; the same data and batches for both.</summary>
public static class HeFigure3
{
    public static IReadOnlyList<double> Train(string init, int depth = 30, int width = 128, int steps = 400, int seed = 0, double lr = 0.03)
    {
        using var g = new Generator((ulong)seed);
        using var data = NewDisposeScope();
        var x = randn(new long[] { 4096, width }, generator: g);
        var teacher = randn(new long[] { width, 10 }, generator: g);
        var labels = x.matmul(teacher).argmax(1);
        using var mlp = DeepMlp.Build(depth, width, "relu", outputs: 10);
        using var initGen = new Generator((ulong)seed + 1);
        DeepMlp.Initialize(mlp, init, "relu", x, initGen);
        var optimizer = optim.SGD(mlp.parameters(), learningRate: lr, momentum: 0.9);
        var losses = new List<double>();
        var order = new Random(seed);
        for (int step = 0; step < steps; step++)
        {
            using var scope = NewDisposeScope();
            var idx = randint(0, 4096, new long[] { 128 }, generator: g);
            optimizer.zero_grad();
            var loss = functional.cross_entropy(mlp.call(x.index_select(0, idx)), labels.index_select(0, idx));
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }
        return losses;
    }
}
