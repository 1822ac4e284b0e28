using System.Linq;
using StMamba.Data;
using StMamba.Model;
using StMamba.Training;
using TorchSharp;
using WeightInit.Policy;
using Xunit;

namespace StMamba.Tests;

/// <summary>A 2-epoch run on a small generated network completes, its loss falls, and its outputs are written.</summary>
[Collection(SerialCollection.Name)]
public class SmokeRunTests
{
    [Fact]
    public void TwoEpochRunCompletesAndItsLossFalls()
    {
        var data = TrafficGenerator.Generate(sensors: 6, days: 5, seed: 11);
        using var ds = new WindowedDataset(data);
        var config = new ModelConfig(data.Sensors, DModel: 16, Heads: 2, DState: 4);
        torch.manual_seed(11);
        using var model = new StMambaNet(config);
        model.ApplyInit(SamplePolicies.All["xavier-attention"].Build(1)!, new torch.Generator(11));
        var result = Trainer.Train("xavier-attention", model, ds, new TrainOptions(Epochs: 2, BatchSize: 16, Seed: 11));

        Assert.False(result.Diverged);
        Assert.Equal(2, result.ValidationLoss.Count);
        double first = result.TrainLoss.Take(5).Average(), last = result.TrainLoss.Skip(result.TrainLoss.Count - 5).Average();
        Assert.True(last < 0.7 * first, $"training loss went from {first} to {last}");
        Assert.True(result.ValidationLoss[1] <= result.ValidationLoss[0] * 1.05);
        Assert.InRange(result.AttentionEntropyAtStart, 0.0, 1.0);
        Assert.True(result.Test.Mae > 0 && double.IsFinite(result.Test.Rmse));

        var folder = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "stmamba-smoke-" + System.Guid.NewGuid().ToString("N"));
        StMamba.Reporting.ResultsWriter.WriteAll(folder, new[] { result }, "smoke", 0.3);
        Assert.True(new System.IO.FileInfo(System.IO.Path.Combine(folder, "loss_curves.png")).Length > 1000);
        Assert.StartsWith("step,xavier-attention", System.IO.File.ReadAllText(System.IO.Path.Combine(folder, "loss_curves.csv")));
        Assert.Contains("| xavier-attention |", System.IO.File.ReadAllText(System.IO.Path.Combine(folder, "results.md")));
        System.IO.Directory.Delete(folder, true);
    }
}
