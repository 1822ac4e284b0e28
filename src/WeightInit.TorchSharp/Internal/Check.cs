using System;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Internal;

/// <summary>Argument and tensor checks shared by every scheme; all run before the first write.</summary>
internal static class Check
{
    internal static string Num(double v) => v.ToString("R", CultureInfo.InvariantCulture);

    internal static double Finite(double value, string name)
    {
        if (!double.IsFinite(value)) throw new ArgumentException($"{name} must be a finite number, but found {Num(value)}", name);
        return value;
    }

    internal static double NonNegative(double value, string name)
    {
        Finite(value, name);
        if (value < 0) throw new ArgumentException($"{name} must be >= 0, but found {Num(value)}", name);
        return value;
    }

    internal static double Positive(double value, string name)
    {
        Finite(value, name);
        if (value <= 0) throw new ArgumentException($"{name} must be > 0, but found {Num(value)}", name);
        return value;
    }

    internal static void NotDisposed(Tensor? tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.IsInvalid) throw new ArgumentException("The tensor has been disposed.", nameof(tensor));
    }

    internal static bool IsFloating(ScalarType t) =>
        t is ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64;

    internal static void Floating(string scheme, ScalarType dtype)
    {
        if (!IsFloating(dtype))
            throw new ArgumentException($"{scheme} expects a floating-point tensor (float16, bfloat16, float32 or float64), but got {dtype}", "tensor");
    }

    internal static void Dims(long[] shape, int exactly, string message)
    {
        if (shape.Length != exactly) throw new ArgumentException(message, "tensor");
    }
}
