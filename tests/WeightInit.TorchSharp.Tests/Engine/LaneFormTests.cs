using System;
using System.Runtime.InteropServices;
using WeightInit.Engine;
using Xunit;

namespace WeightInit.Tests.Engine;

/// <summary>The float32 kernels in their two lane forms, two Vector256 (AVX2) and one Vector512 (AVX-512), give the
/// same bits for every draw and both generators. Where AVX-512 is absent (as on this project's CI machine) .NET runs
/// the Vector512 form in software, which still checks that the wide code computes the same thing; its speed can only
/// be seen on AVX-512 hardware.</summary>
public unsafe class LaneFormTests
{
    [Theory]
    [InlineData(CounterGenerator.Ars)]
    [InlineData(CounterGenerator.Philox)]
    public void VectorPairAndVector512GiveTheSameBits(CounterGenerator generator)
    {
        var ops = KernelOps.EveryBranch(generator);
        const int groups = 37, n = groups * CounterKernels.F32Group;
        float* pair = (float*)NativeMemory.AlignedAlloc((nuint)(n + 16) * sizeof(float), 64);
        float* wide = (float*)NativeMemory.AlignedAlloc((nuint)(n + 16) * sizeof(float), 64);
        try
        {
            foreach (var op in ops)
                foreach (int misalign in new[] { 0, 1 }) // aligned (streaming stores) and not
                {
                    new Span<float>(pair, n + 16).Clear();
                    new Span<float>(wide, n + 16).Clear();
                    var o = op with { NonTemporal = misalign == 0 };
                    CounterKernels.F32<Float32x16, Int32x16>(o, 5, groups, pair + misalign);
                    CounterKernels.F32<Float32x16Wide, Int32x16Wide>(o, 5, groups, wide + misalign);
                    var x = new ReadOnlySpan<float>(pair + misalign, n);
                    var y = new ReadOnlySpan<float>(wide + misalign, n);
                    Assert.True(x.IndexOfAnyExcept(0f) >= 0, "kernel wrote nothing");
                    for (int i = 0; i < n; i++)
                        Assert.True(BitConverter.SingleToInt32Bits(x[i]) == BitConverter.SingleToInt32Bits(y[i]), $"{op.Draw} {generator} misalign {misalign} element {i}: {x[i]:R} vs {y[i]:R}");
                }
        }
        finally
        {
            NativeMemory.AlignedFree(pair);
            NativeMemory.AlignedFree(wide);
        }
    }

    /// <summary>Clamp is maxps/minps on x86 and an explicit compare-and-select elsewhere: the same choice at the
    /// edges where CoreLib's Min/Max differ (equal values, ±0, NaN).</summary>
    [Fact]
    public void ClampIsTheSameInBothFormsAndAtTheEdges()
    {
        float[] xs = { -3f, -1f, -0f, 0f, 0.5f, 1f, 2f, float.NaN, float.NegativeInfinity, float.PositiveInfinity, -1e-30f, 1e-30f, 1.5f, -0.5f, 0.999f, -1.001f };
        float* x = stackalloc float[16];
        float* pair = stackalloc float[16];
        float* wide = stackalloc float[16];
        foreach (var (min, max) in new[] { (-1f, 1f), (0f, 2f), (-0f, 0.5f), (-1f, -0f) })
        {
            for (int i = 0; i < 16; i++) x[i] = xs[i];
            Float32x16.Clamp(Float32x16.Load(x), Float32x16.Of(min), Float32x16.Of(max)).Store(pair);
            Float32x16Wide.Clamp(Float32x16Wide.Load(x), Float32x16Wide.Of(min), Float32x16Wide.Of(max)).Store(wide);
            for (int i = 0; i < 16; i++)
            {
                float v = xs[i] > min ? xs[i] : min;
                float expected = v < max ? v : max;
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(pair[i]), $"pair: clamp({xs[i]:R}, {min:R}, {max:R}) = {pair[i]:R}, expected {expected:R}");
                Assert.True(BitConverter.SingleToInt32Bits(expected) == BitConverter.SingleToInt32Bits(wide[i]), $"wide: clamp({xs[i]:R}, {min:R}, {max:R}) = {wide[i]:R}, expected {expected:R}");
            }
        }
    }
}
