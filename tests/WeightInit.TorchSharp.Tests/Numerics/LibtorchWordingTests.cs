using System;
using System.Runtime.InteropServices;
using WeightInit.Schemes;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Numerics;

/// <summary>"PyTorch's wording" checked against libtorch itself: where libtorch refuses a value (fill_ out of a
/// dtype's range, uniform_ bounds), the library's own check, made before any write, gives libtorch's message word for
/// word.</summary>
public class LibtorchWordingTests
{
    static string LibtorchMessage(Action act)
    {
        var e = Assert.ThrowsAny<ExternalException>(act);
        return e.Message.Split('\n')[0].Trim();
    }

    static string OurMessage(Action act)
    {
        var e = Assert.ThrowsAny<ArgumentException>(act);
        return e.Message.Split(" (Parameter")[0].Trim();
    }

    [Theory]
    [InlineData(ScalarType.Byte, -3.0)]
    [InlineData(ScalarType.Byte, 300.0)]
    [InlineData(ScalarType.Int8, 300.0)]
    [InlineData(ScalarType.Int16, 1e6)]
    [InlineData(ScalarType.Int32, 1e10)]
    [InlineData(ScalarType.Int64, 1e30)]
    [InlineData(ScalarType.Float16, 1e5)]
    [InlineData(ScalarType.BFloat16, 1e39)]
    [InlineData(ScalarType.Float32, 1e39)]
    public void ConstantOutOfRange(ScalarType dtype, double value)
    {
        using var t = zeros(3, dtype: dtype);
        Assert.Equal(LibtorchMessage(() => t.fill_(value)), OurMessage(() => InitScheme.Constant(value).Validate(t.shape, dtype)));
    }

    [Theory]
    [InlineData(ScalarType.Float16, 0.0, 1e5)]
    [InlineData(ScalarType.Float16, -1e5, 0.0)]
    [InlineData(ScalarType.BFloat16, 0.0, 1e39)]
    [InlineData(ScalarType.Float32, 0.0, 1e39)]
    [InlineData(ScalarType.Float32, -1e39, 0.0)]
    [InlineData(ScalarType.Float32, -3e38, 3e38)]
    [InlineData(ScalarType.Float16, -60000.0, 60000.0)]
    [InlineData(ScalarType.Float64, -1e308, 1e308)]
    public void UniformBoundsOutOfRange(ScalarType dtype, double from, double to)
    {
        using var t = zeros(3, dtype: dtype);
        Assert.Equal(LibtorchMessage(() => t.uniform_(from, to)), OurMessage(() => InitScheme.Uniform(from, to).Validate(t.shape, dtype)));
        Assert.True(t.eq(0).all().item<bool>(), "libtorch checks before writing too");
    }
}
