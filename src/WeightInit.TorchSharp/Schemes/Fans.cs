using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;

namespace WeightInit.Schemes;

/// <summary>fan_in and fan_out of a weight, as PyTorch's <c>_calculate_fan_in_and_fan_out</c>: dim 1 and dim 0 times
/// the product of the remaining dims. The one place in the library where fans are computed.</summary>
public static class Fans
{
    internal const string TooFewDims = "Fan in and fan out can not be computed for tensor with fewer than 2 dimensions";

    /// <summary>(fan_in, fan_out) for a weight of this shape; ArgumentException for fewer than 2 dims.</summary>
    [SuppressMessage("Usage", "CA2208", Justification = "Names the tensor, as PyTorch's _calculate_fan_in_and_fan_out(tensor): the schemes call it with tensor.shape.")]
    public static (long FanIn, long FanOut) Compute(IReadOnlyList<long> shape)
    {
        if (shape.Count < 2) throw new ArgumentException(TooFewDims, "tensor");
        for (int i = 0; i < shape.Count; i++)
            if (shape[i] < 0) throw new ArgumentException($"shape [{string.Join(", ", shape)}] has a negative dim", "tensor");
        try
        {
            long receptive = 1;
            for (int i = 2; i < shape.Count; i++) receptive = checked(receptive * shape[i]);
            return (checked(shape[1] * receptive), checked(shape[0] * receptive));
        }
        catch (OverflowException)
        {
            throw new ArgumentException($"fan_in and fan_out of shape [{string.Join(", ", shape)}] overflow int64", "tensor");
        }
    }

    /// <summary>The fan a mode selects. fan_avg and fan_geo_avg are means, so they can be fractional.</summary>
    public static double Select(FanMode mode, long fanIn, long fanOut) => mode switch
    {
        FanMode.FanIn => fanIn,
        FanMode.FanOut => fanOut,
        FanMode.FanAvg => ((double)fanIn + fanOut) / 2.0, // in double: the long sum can overflow
        FanMode.FanGeoAvg => Math.Sqrt((double)fanIn * fanOut),
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    /// <summary>PyTorch/JAX spelling of a mode ("fan_in", ...).</summary>
    public static string Name(FanMode mode) => mode switch
    {
        FanMode.FanIn => "fan_in",
        FanMode.FanOut => "fan_out",
        FanMode.FanAvg => "fan_avg",
        FanMode.FanGeoAvg => "fan_geo_avg",
        _ => throw new ArgumentOutOfRangeException(nameof(mode)),
    };

    /// <summary>Parses a mode name case-insensitively (PyTorch lowercases it), accepting only <paramref name="allowed"/>.</summary>
    internal static FanMode ParseMode(string mode, params FanMode[] allowed)
    {
        ArgumentNullException.ThrowIfNull(mode);
        foreach (var m in allowed)
            if (string.Equals(Name(m), mode, StringComparison.OrdinalIgnoreCase)) return m;
        var valid = string.Join(", ", Array.ConvertAll(allowed, m => $"'{Name(m)}'"));
        throw new ArgumentException($"Mode {mode} not supported, please use one of [{valid}]", nameof(mode));
    }
}
