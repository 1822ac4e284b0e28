using System.Linq;
using StMamba.Data;
using StMamba.Model;
using StMamba.Training;
using TorchSharp;
using WeightInit.Policy;
using Xunit;

namespace StMamba.Tests;

/// <summary>A training run is a function of its seed: two short runs in one process, each from the same
/// torch.manual_seed, give the same losses and metrics bit for bit (no unseeded shuffle, no state carried over).</summary>
[Collection(SerialCollection.Name)]
public class ReproducibilityTests
{
    static RunResult ShortRun()
    {
        var data = TrafficGenerator.Generate(sensors: 5, days: 4, seed: 3);
        using var ds = new WindowedDataset(data);
        var config = new ModelConfig(data.Sensors, DModel: 16, Heads: 2, DState: 4);
        torch.manual_seed(3);
        using var model = new StMambaNet(config);
        model.ApplyInit(SamplePolicies.All["xavier-attention"].Build(1)!, new torch.Generator(3));
        return Trainer.Train("xavier-attention", model, ds, new TrainOptions(Epochs: 1, BatchSize: 16, Seed: 3));
    }

    [Fact]
    public void TwoRunsWithTheSameSeedAreIdentical()
    {
        int threads = torch.get_num_threads();
        try
        {
            torch.set_num_threads(1); // as the sample does by default
            var a = ShortRun();
            var b = ShortRun();
            Assert.True(a.TrainLoss.Count > 10);
            Assert.Equal(a.TrainLoss, b.TrainLoss);        // exact double equality, step by step
            Assert.Equal(a.ValidationLoss, b.ValidationLoss);
            Assert.Equal(a.Test, b.Test);
            Assert.Equal(a.Validation, b.Validation);
            Assert.Equal(a.GradNormAtStart, b.GradNormAtStart);
        }
        finally { torch.set_num_threads(threads); }
    }
}
