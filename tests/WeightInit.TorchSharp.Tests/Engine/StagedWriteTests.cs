using System;
using System.Linq;
using TorchSharp;
using WeightInit.Engine;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Engine;

/// <summary>A target the engine cannot write in place (a CUDA tensor, a strided view) is filled through a CPU buffer
/// in pieces; each piece gets the draw elements it would get in a whole fill, so the bits are those of a direct write.
/// The CUDA path runs this same code; here the pieces are made small on a CPU target.</summary>
public class StagedWriteTests
{
    static readonly CounterOp Normal = new(Draw.Normal, CounterGenerator.Ars, 7, 99, 0, 0, 0.25, 1.5);

    static byte[] Direct(long[] shape, ScalarType dtype, long offset)
    {
        using var t = empty(shape, dtype);
        if (dtype == ScalarType.Float64) CounterTarget.WriteF64(t, Normal, offset, 1);
        else CounterTarget.WriteF32(t, Normal, offset, 1);
        return t.bytes.ToArray();
    }

    [Theory]
    [InlineData(ScalarType.Float32, 1000L)]
    [InlineData(ScalarType.Float32, 4096L)]     // pieces of whole kernel groups
    [InlineData(ScalarType.Float16, 777L)]      // odd pieces; rounded by copy_
    [InlineData(ScalarType.BFloat16, 1L)]
    [InlineData(ScalarType.Float64, 333L)]
    public void PiecesGiveTheBitsOfOneDirectWrite(ScalarType dtype, long chunk)
    {
        var shape = new long[] { 37, 101 };
        const long offset = 12345;
        var drawType = dtype == ScalarType.Float64 ? ScalarType.Float64 : ScalarType.Float32;
        using var staged = empty(shape, dtype);
        int pieces = 0;
        CounterTarget.Staged(staged, drawType, chunk, (buffer, start) =>
        {
            pieces++;
            if (drawType == ScalarType.Float64) CounterTarget.WriteF64(buffer, Normal, offset + start, 1);
            else CounterTarget.WriteF32(buffer, Normal, offset + start, 1);
        });
        Assert.Equal((int)((37 * 101 + chunk - 1) / chunk), pieces);
        Assert.True(Direct(shape, dtype, offset).AsSpan().SequenceEqual(staged.bytes.ToArray()));
    }

    [Fact]
    public void AStridedTargetGetsItsRowMajorElements()
    {
        using var storage = zeros(20, 30);
        using var view = storage.t();                                   // [30, 20], not contiguous
        CounterTarget.Staged(view, ScalarType.Float32, 64, (buffer, start) => CounterTarget.WriteF32(buffer, Normal, start, 1));
        using var dense = view.contiguous();
        Assert.True(Direct(new long[] { 30, 20 }, ScalarType.Float32, 0).AsSpan().SequenceEqual(dense.bytes.ToArray()));
    }
}
