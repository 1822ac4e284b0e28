using System;
using TorchSharp;
using static TorchSharp.torch;

namespace StMamba.Data;

/// <summary>z-score normalization with statistics from the training steps only, so validation and test leak
/// nothing into training.</summary>
public sealed record Normalizer(double Mean, double Std)
{
    public static Normalizer Fit(TrafficData data, int fromStep, int toStep)
    {
        double sum = 0, sq = 0;
        long count = 0;
        for (int t = fromStep; t < toStep; t++)
            for (int s = 0; s < data.Sensors; s++) { double v = data.Values[t, s]; sum += v; sq += v * v; count++; }
        double mean = sum / count;
        return new Normalizer(mean, Math.Sqrt(Math.Max(sq / count - mean * mean, 1e-12)));
    }

    public float Apply(float v) => (float)((v - Mean) / Std);
    public Tensor Invert(Tensor z) => z * Std + Mean;
}

/// <summary>One split as tensors: X [W, in, N] normalized, time-of-day and day-of-week [W, in], Y [W, out, N]
/// normalized; each window lies wholly inside its split's steps.</summary>
public sealed class WindowSet : IDisposable
{
    public required Tensor X { get; init; }
    public required Tensor TimeOfDay { get; init; }
    public required Tensor DayOfWeek { get; init; }
    public required Tensor Y { get; init; }
    public required int FirstStep { get; init; }
    public required int EndStep { get; init; }
    public long Count => X.shape[0];

    public void Dispose() { X.Dispose(); TimeOfDay.Dispose(); DayOfWeek.Dispose(); Y.Dispose(); }
}

/// <summary>Sliding windows (12 steps in, 12 out) over a train/validation/test split by time (70/10/20).</summary>
public sealed class WindowedDataset : IDisposable
{
    public WindowedDataset(TrafficData data, int input = 12, int output = 12, double trainFraction = 0.7, double validationFraction = 0.1)
    {
        int steps = data.Steps;
        int trainEnd = (int)(steps * trainFraction), validationEnd = (int)(steps * (trainFraction + validationFraction));
        if (trainEnd < input + output || validationEnd - trainEnd < input + output || steps - validationEnd < input + output)
            throw new ArgumentException($"{steps} steps are too few for {input}+{output}-step windows in every split");
        Input = input;
        Output = output;
        Sensors = data.Sensors;
        Normalizer = Normalizer.Fit(data, 0, trainEnd);
        Train = Windows(data, 0, trainEnd);
        Validation = Windows(data, trainEnd, validationEnd);
        Test = Windows(data, validationEnd, steps);
    }

    public int Input { get; }
    public int Output { get; }
    public int Sensors { get; }
    public Normalizer Normalizer { get; }
    public WindowSet Train { get; }
    public WindowSet Validation { get; }
    public WindowSet Test { get; }

    WindowSet Windows(TrafficData data, int first, int end)
    {
        int count = end - first - Input - Output + 1, n = data.Sensors;
        var x = new float[count * Input * n];
        var y = new float[count * Output * n];
        var tod = new long[count * Input];
        var dow = new long[count * Input];
        for (int w = 0; w < count; w++)
        {
            int start = first + w;
            for (int i = 0; i < Input; i++)
            {
                tod[w * Input + i] = data.TimeOfDay[start + i];
                dow[w * Input + i] = data.DayOfWeek[start + i];
                for (int s = 0; s < n; s++) x[(w * Input + i) * n + s] = Normalizer.Apply(data.Values[start + i, s]);
            }
            for (int o = 0; o < Output; o++)
                for (int s = 0; s < n; s++) y[(w * Output + o) * n + s] = Normalizer.Apply(data.Values[start + Input + o, s]);
        }
        return new WindowSet
        {
            X = tensor(x, new long[] { count, Input, n }), Y = tensor(y, new long[] { count, Output, n }),
            TimeOfDay = tensor(tod, new long[] { count, Input }), DayOfWeek = tensor(dow, new long[] { count, Input }),
            FirstStep = first, EndStep = end,
        };
    }

    public void Dispose() { Train.Dispose(); Validation.Dispose(); Test.Dispose(); }
}
