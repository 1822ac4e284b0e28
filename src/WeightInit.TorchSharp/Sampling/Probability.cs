using System;
using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Sampling;

/// <summary>The standard normal's CDF, which the truncated normal's bounds go through on both random sources.</summary>
internal static class Probability
{
    internal static double NormCdf(double x) => (1.0 + Erf(x / Math.Sqrt(2.0))) / 2.0;

    /// <summary>erf in double precision. .NET has none; libtorch's CPU kernel is the C library's, as Python's math.erf.</summary>
    internal static double Erf(double x)
    {
        using var t = tensor(x, ScalarType.Float64, device: CPU); // explicit: the default device may be META (inside DeferredInit.Build)
        using var e = t.erf();
        return e.item<double>();
    }
}
