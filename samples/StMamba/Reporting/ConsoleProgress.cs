using System;
using System.Diagnostics;

namespace StMamba.Reporting;

/// <summary>One progress line per epoch: a bar over the whole run, the epoch's losses and the time left.</summary>
public sealed class ConsoleProgress
{
    readonly int _totalEpochs;
    readonly Stopwatch _clock = Stopwatch.StartNew();
    int _done;

    public ConsoleProgress(int totalEpochs) => _totalEpochs = totalEpochs;

    public void Epoch(string policy, int epoch, int epochs, double trainLoss, double validationLoss)
    {
        _done++;
        double fraction = (double)_done / _totalEpochs;
        int filled = (int)Math.Round(fraction * 24);
        var eta = TimeSpan.FromSeconds(_clock.Elapsed.TotalSeconds / fraction * (1 - fraction));
        Console.WriteLine($"[{new string('#', filled)}{new string('.', 24 - filled)}] {policy,-20} epoch {epoch + 1}/{epochs}  " +
                          $"train {trainLoss,8:0.0000}  val {validationLoss,8:0.0000}  elapsed {_clock.Elapsed:m\\:ss}  ETA {eta:m\\:ss}");
    }
}
