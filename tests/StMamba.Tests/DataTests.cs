using System.Linq;
using StMamba.Data;
using Xunit;

namespace StMamba.Tests;

/// <summary>The generator is deterministic for a seed; the time split and the normalization leak nothing from
/// validation or test into training.</summary>
public class DataTests
{
    [Fact]
    public void GeneratorIsDeterministicForASeed()
    {
        var a = TrafficGenerator.Generate(8, 3, seed: 5);
        var b = TrafficGenerator.Generate(8, 3, seed: 5);
        var c = TrafficGenerator.Generate(8, 3, seed: 6);
        Assert.Equal(a.Values.Cast<float>(), b.Values.Cast<float>());
        Assert.NotEqual(a.Values.Cast<float>(), c.Values.Cast<float>());
        Assert.Equal(a.Neighbors.Select(n => string.Join(",", n)), b.Neighbors.Select(n => string.Join(",", n)));
    }

    [Fact]
    public void GeneratedTrafficHasRushHoursAndWeekends()
    {
        var d = TrafficGenerator.Generate(10, 14, seed: 1);
        double Mean(System.Func<int, bool> when) => Enumerable.Range(0, d.Steps).Where(when)
            .SelectMany(t => Enumerable.Range(0, d.Sensors).Select(s => (double)d.Values[t, s])).Average();
        double weekdayRush = Mean(t => d.DayOfWeek[t] < 5 && d.TimeOfDay[t] / 12 == 8);
        double weekdayNight = Mean(t => d.DayOfWeek[t] < 5 && d.TimeOfDay[t] / 12 == 3);
        double weekendRush = Mean(t => d.DayOfWeek[t] >= 5 && d.TimeOfDay[t] / 12 == 8);
        Assert.True(weekdayRush > 3 * weekdayNight, $"rush {weekdayRush} vs night {weekdayNight}");
        Assert.True(weekdayRush > 1.3 * weekendRush, $"weekday {weekdayRush} vs weekend {weekendRush}");
        Assert.All(d.Neighbors, n => Assert.NotEmpty(n));
    }

    [Fact]
    public void SplitsAreOrderedInTimeAndWindowsStayInside()
    {
        var d = TrafficGenerator.Generate(6, 10, seed: 2);
        using var ds = new WindowedDataset(d);
        Assert.Equal(0, ds.Train.FirstStep);
        Assert.Equal(ds.Train.EndStep, ds.Validation.FirstStep);
        Assert.Equal(ds.Validation.EndStep, ds.Test.FirstStep);
        Assert.Equal(d.Steps, ds.Test.EndStep);
        foreach (var set in new[] { ds.Train, ds.Validation, ds.Test })
            Assert.Equal(set.EndStep - set.FirstStep - 24 + 1, set.Count);   // last window's target ends at EndStep
    }

    [Fact]
    public void NormalizationUsesTrainingStepsOnly()
    {
        var d = TrafficGenerator.Generate(6, 10, seed: 3);
        using var ds = new WindowedDataset(d);
        var train = Enumerable.Range(0, ds.Train.EndStep).SelectMany(t => Enumerable.Range(0, d.Sensors).Select(s => (double)d.Values[t, s])).ToArray();
        double mean = train.Average();
        Assert.Equal(mean, ds.Normalizer.Mean, 6);
        Assert.Equal(System.Math.Sqrt(train.Select(v => (v - mean) * (v - mean)).Average()), ds.Normalizer.Std, 4);

        // Changing validation and test data changes nothing in the training tensors or the statistics.
        var altered = d with { Values = (float[,])d.Values.Clone() };
        for (int t = ds.Train.EndStep; t < d.Steps; t++)
            for (int s = 0; s < d.Sensors; s++) altered.Values[t, s] = 1e6f;
        using var ds2 = new WindowedDataset(altered);
        Assert.Equal(ds.Normalizer, ds2.Normalizer);
        Assert.True(ds.Train.X.allclose(ds2.Train.X, 0, 0) && ds.Train.Y.allclose(ds2.Train.Y, 0, 0));
    }

    [Fact]
    public void WindowsHoldTheRightStepsNormalized()
    {
        var d = TrafficGenerator.Generate(4, 10, seed: 4);
        using var ds = new WindowedDataset(d);
        int w = 17, s = 2;
        float expectedX = ds.Normalizer.Apply(d.Values[ds.Validation.FirstStep + w + 3, s]);
        float expectedY = ds.Normalizer.Apply(d.Values[ds.Validation.FirstStep + w + 12 + 5, s]);
        Assert.Equal(expectedX, ds.Validation.X[w, 3, s].item<float>());
        Assert.Equal(expectedY, ds.Validation.Y[w, 5, s].item<float>());
        Assert.Equal(d.TimeOfDay[ds.Validation.FirstStep + w], ds.Validation.TimeOfDay[w, 0].item<long>());
    }

    [Fact]
    public void NpyArraysInThePemsLayoutLoad()
    {
        // [T=2, N=3, F=2] float64: feature 0 is taken.
        var header = "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 3, 2), }";
        header = header.PadRight(118) + "\n";
        var bytes = new System.Collections.Generic.List<byte> { 0x93 };
        bytes.AddRange(System.Text.Encoding.ASCII.GetBytes("NUMPY"));
        bytes.AddRange(new byte[] { 1, 0 });
        bytes.AddRange(System.BitConverter.GetBytes((ushort)header.Length));
        bytes.AddRange(System.Text.Encoding.ASCII.GetBytes(header));
        for (int i = 0; i < 12; i++) bytes.AddRange(System.BitConverter.GetBytes((double)i));
        var values = PemsLoader.ReadNpy(bytes.ToArray());
        Assert.Equal(new float[] { 0, 2, 4, 6, 8, 10 }, values.Cast<float>());
    }
}
