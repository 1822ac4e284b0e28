using System;
using System.Runtime.Intrinsics;
using WeightInit.Engine;
using Xunit;

namespace WeightInit.Tests.Engine;

/// <summary>The kernels' own float functions against double-precision references, over the inputs the kernels feed
/// them: log on (0, 1] (and beyond), sin/cos on every quadrant, erfinv up to the float path's |p| ≤ 0.999.</summary>
public class Math32x16Tests
{
    static Float32x16 Of(float[] v, int at) => new(Vector256.Create(v, at), Vector256.Create(v, at + 8));
    static float Lane(Float32x16 x, int i) => i < 8 ? x.A[i] : x.B[i - 8];

    [Fact]
    public void LogIsWithinTwoUlp()
    {
        var rng = new Random(1);
        var x = new float[16];
        for (int trial = 0; trial < 2000; trial++)
        {
            for (int i = 0; i < 16; i++)
                x[i] = trial % 2 == 0 ? (rng.Next(1 << 24) + 1) * (1f / (1 << 24)) : (float)Math.Exp(rng.NextDouble() * 80 - 40);
            var y = Math32x16.Log<Float32x16, Int32x16>(Of(x, 0));
            for (int i = 0; i < 16; i++)
            {
                double expected = Math.Log(x[i]);
                Assert.True(Math.Abs(Lane(y, i) - expected) <= 2 * Ulp((float)expected) + 1e-12, $"log({x[i]:R}) = {Lane(y, i):R}, expected {expected:R}");
            }
        }
    }

    [Fact]
    public void SinCosAreWithin2e7OnEveryQuadrant()
    {
        var rng = new Random(2);
        var y = new float[16];
        for (int trial = 0; trial < 2000; trial++)
        {
            int quadrant = trial % 4;
            for (int i = 0; i < 16; i++) y[i] = (float)((rng.NextDouble() - 0.5) * Math.PI / 2);
            var q = new Int32x16(Vector256.Create(quadrant << 30 | 12345), Vector256.Create(quadrant << 30 | 777)); // low bits ignored
            Math32x16.SinCosQuadrant<Float32x16, Int32x16>(q, Of(y, 0), out var sin, out var cos);
            for (int i = 0; i < 16; i++)
            {
                double angle = quadrant * Math.PI / 2 + y[i];
                Assert.True(Math.Abs(Lane(sin, i) - Math.Sin(angle)) <= 2e-7, $"sin q={quadrant} y={y[i]:R}: {Lane(sin, i):R} vs {Math.Sin(angle):R}");
                Assert.True(Math.Abs(Lane(cos, i) - Math.Cos(angle)) <= 2e-7, $"cos q={quadrant} y={y[i]:R}: {Lane(cos, i):R} vs {Math.Cos(angle):R}");
            }
        }
    }

    [Fact]
    public void ErfInvHasSmallRelativeError()
    {
        // Reference: Newton on the double erf of a double erfinv guess (libtorch's erfinv in double).
        var p = new float[16];
        for (int k = 0; k < 1000; k++)
        {
            for (int i = 0; i < 16; i++) p[i] = (float)(-0.999 + 1.998 * (k * 16 + i) / 15999.0);
            var x = Math32x16.ErfInv<Float32x16, Int32x16>(Of(p, 0));
            using var reference = TorchSharp.torch.tensor(Array.ConvertAll(p, v => (double)v)).erfinv();
            var r = reference.data<double>().ToArray();
            for (int i = 0; i < 16; i++)
                Assert.True(Math.Abs(Lane(x, i) - r[i]) <= 1e-6 * Math.Abs(r[i]) + 1e-7, $"erfinv({p[i]:R}) = {Lane(x, i):R}, expected {r[i]:R}");
        }
    }

    static double Ulp(float v) => MathF.BitIncrement(Math.Abs(v)) - Math.Abs(v);
}
