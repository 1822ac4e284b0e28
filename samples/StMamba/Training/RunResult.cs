using System.Collections.Generic;

namespace StMamba.Training;

/// <summary>What one policy's training run measured. Losses are MAE in normalized units; metrics are on the
/// original scale (vehicles per 5 minutes).</summary>
public sealed record RunResult(
    string Policy,
    IReadOnlyList<double> TrainLoss,          // per optimizer step
    IReadOnlyList<double> ValidationLoss,     // per epoch
    double AttentionEntropyAtStart,           // mean softmax entropy / log(N): 1 = uniform, 0 = saturated
    double GradNormAtStart,
    double MeanGradNorm,
    int? StepsToTarget,
    bool Diverged,
    Metrics Validation,
    Metrics Test,
    double Seconds);

/// <summary>Forecast errors on the original scale; MAPE over readings above 10 vehicles (near-zero counts make it meaningless).</summary>
public sealed record Metrics(double Mae, double Rmse, double Mape);
