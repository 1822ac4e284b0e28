using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Policy;

/// <summary>Copies of parameter values and the statistics the policy tests compare against theory.</summary>
internal static class PolicyTestHelpers
{
    /// <summary>Every parameter's values as float64, by qualified name (a copy, so later writes do not show).</summary>
    public static Dictionary<string, double[]> Snapshot(nn.Module module)
    {
        var result = new Dictionary<string, double[]>();
        foreach (var (name, p) in module.named_parameters()) result[name] = Values(p);
        return result;
    }

    public static double[] Values(Tensor t)
    {
        using var scope = NewDisposeScope();
        return t.detach().cpu().to(ScalarType.Float64).contiguous().data<double>().ToArray();
    }

    /// <summary>Bit-for-bit equality of two snapshots (same names, same values).</summary>
    public static void AssertSame(Dictionary<string, double[]> expected, Dictionary<string, double[]> actual)
    {
        Assert.Equal(expected.Keys.OrderBy(k => k), actual.Keys.OrderBy(k => k));
        foreach (var (name, want) in expected)
            Assert.True(want.SequenceEqual(actual[name]), $"{name} changed");
    }

    public static double Mean(double[] v) => v.Average();

    /// <summary>Sample std with Bessel's correction, as torch.std.</summary>
    public static double Std(double[] v)
    {
        double m = v.Average();
        return Math.Sqrt(v.Sum(x => (x - m) * (x - m)) / (v.Length - 1));
    }

    public static double MaxAbs(double[] v) => v.Max(Math.Abs);

    /// <summary>U(-bound, bound): nothing outside, and the extremes are reached (so a too-small bound fails too).</summary>
    public static void AssertUniformBound(double[] v, double bound, string what, double reach = 0.8)
    {
        double max = MaxAbs(v);
        Assert.True(max <= bound * (1 + 1e-6), $"{what}: max |x| {max} > bound {bound}");
        Assert.True(max >= reach * bound, $"{what}: max |x| {max} < {reach}·bound {bound}");
    }

    /// <summary>Sample std within a relative tolerance of the expected one (and mean near 0).</summary>
    public static void AssertStd(double[] v, double std, string what, double relTol = 0.06)
    {
        double s = Std(v);
        Assert.True(Math.Abs(s - std) <= relTol * std, $"{what}: std {s} vs expected {std}");
        Assert.True(Math.Abs(Mean(v)) <= 5 * std / Math.Sqrt(v.Length), $"{what}: mean {Mean(v)} not ~0 (std {std})");
    }

    public static void AssertAll(double[] v, double value, string what) =>
        Assert.True(v.All(x => x == value), $"{what}: expected all {value}, got e.g. {string.Join(", ", v.Take(6))}");

    /// <summary>A fresh generator; tests pass it so they never touch the global RNG and can run in parallel.</summary>
    public static Generator Gen(ulong seed = 1234) => new(seed);
}

/// <summary>A container for any modules (TorchSharp's Sequential takes only Module&lt;Tensor, Tensor&gt;), registered
/// in the given order.</summary>
public sealed class Box : nn.Module
{
    public Box(params (string Name, nn.Module Module)[] children) : base(nameof(Box))
    {
        foreach (var (name, child) in children) register_module(name, child);
    }
}
