using System;
using System.Linq;
using System.Runtime.Intrinsics;
using WeightInit.Engine;
using Xunit;

namespace WeightInit.Tests.Engine;

/// <summary>The engine's float64 log and sin/cos against .NET's Math (the C library), over the inputs the kernel feeds
/// them: log on (0, 1] at 2^-53 granularity (and far beyond), sin/cos on every quadrant.</summary>
public unsafe class Math64x4Tests
{
    static double Ulp(double x) => Math.BitIncrement(Math.Abs(x)) - Math.Abs(x);

    [Fact]
    public void LogIsWithinOneUlp()
    {
        var rng = new Random(11);
        var x = new double[4];
        for (int trial = 0; trial < 20000; trial++)
        {
            for (int i = 0; i < 4; i++)
                x[i] = (trial % 3) switch
                {
                    0 => (rng.NextInt64(1L << 53) + 1) * (1.0 / (1L << 53)),   // the kernel's u
                    1 => 1 - rng.NextInt64(1 << 20) * (1.0 / (1L << 53)),      // u next to 1, where log u is tiny
                    _ => Math.Exp(rng.NextDouble() * 1400 - 700),
                };
            var y = Math64x4.Log(Vector256.Create(x));
            for (int i = 0; i < 4; i++)
            {
                double expected = Math.Log(x[i]);
                Assert.True(Math.Abs(y[i] - expected) <= Ulp(expected), $"log({x[i]:R}) = {y[i]:R}, expected {expected:R}");
            }
        }
        Assert.Equal(0.0, Math64x4.Log(Vector256.Create(1.0))[0]);
    }

    [Fact]
    public void SinCosAreWithinTwoUlpOnEveryQuadrant()
    {
        var rng = new Random(12);
        var y = new double[4];
        for (int trial = 0; trial < 20000; trial++)
        {
            ulong quadrant = (ulong)(trial % 4);
            for (int i = 0; i < 4; i++) y[i] = (rng.NextDouble() - 0.5) * Math.PI / 2;
            var q = Vector256.Create(quadrant << 62 | 0x1234_5678UL); // low bits ignored
            Math64x4.SinCosQuadrant(q, Vector256.Create(y), out var sin, out var cos);
            for (int i = 0; i < 4; i++)
            {
                // Rotating the reference exactly: sin/cos of y itself, then the quadrant's swap and signs.
                double s = Math.Sin(y[i]), c = Math.Cos(y[i]);
                (double es, double ec) = quadrant switch { 0 => (s, c), 1 => (c, -s), 2 => (-s, -c), _ => (-c, s) };
                Assert.True(Math.Abs(sin[i] - es) <= 2 * Ulp(es) + 1e-300, $"sin q={quadrant} y={y[i]:R}: {sin[i]:R} vs {es:R}");
                Assert.True(Math.Abs(cos[i] - ec) <= 2 * Ulp(ec) + 1e-300, $"cos q={quadrant} y={y[i]:R}: {cos[i]:R} vs {ec:R}");
            }
        }
    }

    /// <summary>Against libtorch's erfinv in double (a rational guess refined by Newton steps): the central branch and
    /// both tails, up to |p| = 1 − 2^-50.</summary>
    [Fact]
    public void ErfInvMatchesLibtorchsInDouble()
    {
        var rng = new Random(13);
        var p = new double[4096];
        for (int i = 0; i < p.Length; i++)
            p[i] = (i % 4) switch
            {
                0 => rng.NextDouble() * 2 - 1,                                   // mostly central
                1 => (rng.Next(2) * 2 - 1) * (1 - Math.Exp(-rng.NextDouble() * 6.25)), // w just below 6.25
                2 => (rng.Next(2) * 2 - 1) * (1 - Math.Exp(-6.25 - rng.NextDouble() * 9.75)), // near tail, w in [6.25, 16)
                _ => (rng.Next(2) * 2 - 1) * (1 - Math.Exp(-16 - rng.NextDouble() * 18.6)),  // far tail, w up to ~34.6
            };
        using var reference = TorchSharp.torch.tensor(p).erfinv();
        var expected = reference.data<double>().ToArray();
        double worst = 0;
        for (int i = 0; i < p.Length; i += 4)
        {
            var y = Math64x4.ErfInv(Vector256.Create(p, i));
            for (int k = 0; k < 4; k++)
            {
                double e = expected[i + k], relative = Math.Abs(y[k] - e) / Math.Max(Math.Abs(e), 1e-300);
                worst = Math.Max(worst, relative);
                Assert.True(relative <= 2e-15, $"erfinv({p[i + k]:R}) = {y[k]:R}, libtorch {e:R}, relative error {relative:E2}");
            }
        }
        Assert.True(worst > 0, "the comparison never saw a difference: is the reference the same code?");

        // The kernel's sixteen-at-a-time form gives the same bits.
        var inPlace = (double[])p.Clone();
        fixed (double* x = inPlace) Math64x4.ErfInvInPlace(x, inPlace.Length);
        for (int i = 0; i < p.Length; i += 4)
        {
            var y = Math64x4.ErfInv(Vector256.Create(p, i));
            for (int k = 0; k < 4; k++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(y[k]), BitConverter.DoubleToInt64Bits(inPlace[i + k]));
        }
    }
}
