using System;
using System.Globalization;

namespace WeightInit.Schemes;

/// <summary>PyTorch's <c>calculate_gain</c>: the factor that restores unit variance after a nonlinearity.</summary>
internal static class Gain
{
    internal static readonly string[] Nonlinearities =
    {
        "linear", "conv1d", "conv2d", "conv3d", "conv_transpose1d", "conv_transpose2d", "conv_transpose3d",
        "sigmoid", "tanh", "relu", "leaky_relu", "selu",
    };

    /// <summary>Throws unless PyTorch knows the nonlinearity (names are case-sensitive there too).</summary>
    internal static string CheckNonlinearity(string nonlinearity)
    {
        ArgumentNullException.ThrowIfNull(nonlinearity);
        if (Array.IndexOf(Nonlinearities, nonlinearity) < 0)
            throw new ArgumentException($"Unsupported nonlinearity {nonlinearity}; valid: {string.Join(", ", Nonlinearities)}",
                nameof(nonlinearity));
        return nonlinearity;
    }

    internal static double Calculate(string nonlinearity, object? param)
    {
        switch (CheckNonlinearity(nonlinearity))
        {
            case "tanh": return 5.0 / 3;
            case "relu": return Math.Sqrt(2.0);
            case "leaky_relu": double slope = Slope(param); return Math.Sqrt(2.0 / (1 + slope * slope));
            case "selu": return 3.0 / 4;
            default: return 1.0; // the linear family and sigmoid
        }
    }

    // PyTorch accepts int or float (not bool) and defaults the slope to 0.01.
    static double Slope(object? param) => param switch
    {
        null => 0.01,
        bool b => throw new ArgumentException($"negative_slope {(b ? "True" : "False")} not a valid number", nameof(param)),
        double d => d,
        float f => f,
        int i => i,
        long l => l,
        decimal m => (double)m,
        _ => throw new ArgumentException(
            $"negative_slope {Convert.ToString(param, CultureInfo.InvariantCulture)} not a valid number", nameof(param)),
    };
}
