using System;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Sampling;

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

    /// <summary>A finite value &gt; 0; the error names <paramref name="name"/> and has <paramref name="paramName"/>
    /// (the caller's parameter that holds it, e.g. an options record) as its ParamName, <paramref name="name"/> when
    /// null.</summary>
    internal static double Positive(double value, string name, string? paramName = null)
    {
        paramName ??= name;
        if (!double.IsFinite(value)) throw new ArgumentException($"{name} must be a finite number, but found {Num(value)}", paramName);
        if (value <= 0) throw new ArgumentException($"{name} must be > 0, but found {Num(value)}", paramName);
        return value;
    }

    internal static void NotDisposed(Tensor? tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.IsInvalid) throw new ArgumentException("The tensor has been disposed.", nameof(tensor));
    }

    internal static bool IsFloating(ScalarType t) =>
        t is ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Float32 or ScalarType.Float64;

    // The checks below throw on behalf of a public entry point: paramName is that entry point's parameter.
    internal static void Floating(string scheme, ScalarType dtype, string paramName)
    {
        if (!IsFloating(dtype))
            throw new ArgumentException($"{scheme} expects a floating-point tensor (float16, bfloat16, float32 or float64), but got {dtype}", paramName);
    }

    internal static void Dims(long[] shape, int exactly, string message, string paramName)
    {
        if (shape.Length != exactly) throw new ArgumentException(message, paramName);
    }

    // ---- what a dtype can hold (PyTorch's std::numeric_limits checks) ------------------------------------------

    /// <summary>bfloat16's largest finite value, 0x7F7F: (2 − 2^-7)·2^127.</summary>
    internal const double BFloat16Max = 3.3895313892515355e38;

    /// <summary>The largest finite value of a floating dtype (a complex dtype's component); +∞ for others.</summary>
    internal static double MaxFinite(ScalarType t) => t switch
    {
        ScalarType.Float16 => 65504,
        ScalarType.BFloat16 => BFloat16Max,
        ScalarType.Float32 or ScalarType.ComplexFloat32 => float.MaxValue,
        ScalarType.Float64 or ScalarType.ComplexFloat64 => double.MaxValue,
        _ => double.PositiveInfinity,
    };

    /// <summary>The dtype as libtorch's uniform_ bounds errors name it (c10::demangle_type).</summary>
    internal static string DTypeName(ScalarType t) => t switch
    {
        ScalarType.Float16 => "c10::Half",
        ScalarType.BFloat16 => "c10::BFloat16",
        ScalarType.Float32 => "float",
        ScalarType.Float64 => "double",
        _ => t.ToString(),
    };

    /// <summary>The dtype as c10's toString(ScalarType) writes it (uniform_'s to-from error).</summary>
    static string ScalarTypeName(ScalarType t) => t switch
    {
        ScalarType.Float16 => "Half",
        ScalarType.BFloat16 => "BFloat16",
        ScalarType.Float32 => "Float",
        ScalarType.Float64 => "Double",
        _ => t.ToString(),
    };

    /// <summary>PyTorch's check_uniform_bounds (aten/src/ATen/native/DistributionTemplates.h) for a tensor of
    /// <paramref name="dtype"/>, so U(from, to) never overflows it; from &lt;= to is the scheme's own check.
    /// <paramref name="fromName"/> and <paramref name="toName"/> name the caller's parameters (uniform_'s a and b;
    /// "tensor" where the bounds are derived, as kaiming_uniform_'s, whose own "a" is the negative slope).</summary>
    internal static void UniformBounds(double from, double to, ScalarType dtype, string fromName, string toName)
    {
        double max = MaxFinite(dtype);
        if (!(from >= -max && from <= max)) throw new ArgumentException($"from is out of bounds for {DTypeName(dtype)}", fromName);
        if (!(to >= -max && to <= max)) throw new ArgumentException($"to is out of bounds for {DTypeName(dtype)}", toName);
        if (!(to - from <= max))
            throw new ArgumentException($"uniform_ expects to-from <= std::numeric_limits<{ScalarTypeName(dtype)}>::max(), but found " +
                $"to={CNum(to)} and from={CNum(from)} which result in to-from to exceed the limit", toName);
    }

    /// <summary>A number as C++'s ostream writes it by default (%g, six digits), as libtorch's messages show them.</summary>
    internal static string CNum(double v) => v.ToString("G6", CultureInfo.InvariantCulture).Replace("E", "e");

    /// <summary>A bound on |value| a scheme can write, against the dtype's largest finite value: an error naming
    /// <paramref name="what"/> when it does not fit, as no PyTorch check exists (PyTorch writes inf there).</summary>
    internal static void Fits(string scheme, string what, double maxAbs, ScalarType dtype, string paramName)
    {
        double max = MaxFinite(dtype);
        if (!(maxAbs <= max))
            throw new ArgumentException(
                $"{scheme} would write values beyond the range of {DTypeName(dtype)} (largest finite value {Num(max)}): {what}", paramName);
    }

    /// <summary>PyTorch's fill_ check (c10::checked_convert): the value must lie within the dtype's range,
    /// [lowest, max] compared as doubles (an integer dtype then truncates a fraction); bool takes any value.</summary>
    internal static void Representable(double value, ScalarType dtype, string paramName)
    {
        var (low, high, type) = dtype switch
        {
            ScalarType.Byte => (0.0, 255.0, "uint8_t"),
            ScalarType.Int8 => (-128.0, 127.0, "int8_t"),
            ScalarType.Int16 => (-32768.0, 32767.0, "int16_t"),
            ScalarType.Int32 => (-2147483648.0, 2147483647.0, "int"),
            // 2^63 itself does not fit (long.MaxValue rounds up to it as a double).
            ScalarType.Int64 => (-9223372036854775808.0, Math.BitDecrement(9223372036854775808.0), "int64_t"),
            ScalarType.Float16 => (-65504.0, 65504.0, "c10::Half"),
            ScalarType.BFloat16 => (-BFloat16Max, BFloat16Max, "c10::BFloat16"),
            ScalarType.Float32 => (-(double)float.MaxValue, float.MaxValue, "float"),
            ScalarType.ComplexFloat32 => (-(double)float.MaxValue, float.MaxValue, "c10::complex<float>"),
            _ => (double.NegativeInfinity, double.PositiveInfinity, ""),
        };
        if (!(value >= low && value <= high))
            throw new ArgumentException($"value cannot be converted to type {type} without overflow", paramName);
    }

    /// <summary>PyTorch's "unsupported operation" error for a target whose elements share memory (an expand()ed
    /// tensor): writing it would give one location several values. As at::has_internal_overlap, only clear cases
    /// are errors: a stride 0 on a dim of size &gt; 1, and two dims whose strides prove a collision (stride_k =
    /// m·stride_j with m &lt; size_j: element j = m meets element k = 1).</summary>
    internal static void NoInternalOverlap(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.numel() <= 1 || tensor.is_contiguous()) return;
        long[] sizes = tensor.shape, strides = tensor.stride();
        for (int j = 0; j < sizes.Length; j++)
        {
            if (sizes[j] <= 1) continue;
            if (strides[j] == 0) throw Overlap();
            for (int k = 0; k < sizes.Length; k++)
            {
                if (k == j || sizes[k] <= 1 || strides[j] <= 0 || strides[k] < strides[j]) continue;
                if (strides[k] % strides[j] == 0 && strides[k] / strides[j] < sizes[j]) throw Overlap();
            }
        }

        static ArgumentException Overlap() => new(
            "unsupported operation: more than one element of the written-to tensor refers to a single memory location. " +
            "Please clone() the tensor before performing the operation.", nameof(tensor));
    }
}
