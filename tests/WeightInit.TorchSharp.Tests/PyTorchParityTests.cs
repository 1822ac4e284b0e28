using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using TorchSharp;
using WeightInit.Schemes;
using WeightInit.Tests.Fixtures;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests;

/// <summary>Every case of the PyTorch fixture file, through the tensor extension methods: the same seed (global or
/// Generator) gives PyTorch's values, bit for bit for uniform/normal-based schemes, within 1e-6 for trunc_normal_
/// (erfinv) and orthogonal_ (QR).</summary>
[Collection(GlobalRngCollection.Name)]
public class PyTorchParityTests
{
    public static IEnumerable<object[]> Cases => PyTorchFixtures.Cases.Select((c, i) => new object[] { i, c.ToString() });

    [Fact]
    public void FixtureFileHasThe34Cases() => Assert.Equal(34, PyTorchFixtures.Cases.Count);

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesPyTorch(int index, string description)
    {
        var c = PyTorchFixtures.Cases[index];
        var dtype = c.Dtype == "float64" ? ScalarType.Float64 : ScalarType.Float32;
        using var t = empty(c.Shape, dtype);
        using var g = c.Generator ? new Generator((ulong)c.Seed) : null;
        if (!c.Generator) manual_seed(c.Seed);
        Call(c, t, g);

        double[] actual = dtype == ScalarType.Float64 ? t.data<double>().ToArray() : t.data<float>().ToArray().Select(v => (double)v).ToArray();
        Assert.Equal(c.Values.Length, actual.Length);
        double tolerance = c.Fn is "trunc_normal_" or "orthogonal_" || (c.Fn == "variance_scaling_" && Str(c, "distribution", "truncated_normal") == "truncated_normal") ? 1e-6 : 0;
        for (int i = 0; i < actual.Length; i++)
        {
            double expected = dtype == ScalarType.Float32 ? (float)c.Values[i] : c.Values[i];
            Assert.True(Math.Abs(expected - actual[i]) <= tolerance,
                $"{description}: element {i} is {actual[i]:R}, PyTorch has {expected:R}");
        }
    }

    static double Num(FixtureCase c, string key, double fallback) => c.Kwargs.TryGetValue(key, out var v) ? v.GetDouble() : fallback;
    static string Str(FixtureCase c, string key, string fallback) => c.Kwargs.TryGetValue(key, out var v) ? v.GetString()! : fallback;

    static void Call(FixtureCase c, Tensor t, Generator? g)
    {
        switch (c.Fn)
        {
            case "xavier_uniform_": t.xavier_uniform_(Num(c, "gain", 1), g); break;
            case "xavier_normal_": t.xavier_normal_(Num(c, "gain", 1), g); break;
            case "kaiming_uniform_": t.kaiming_uniform_(Num(c, "a", 0), Str(c, "mode", "fan_in"), Str(c, "nonlinearity", "leaky_relu"), g); break;
            case "kaiming_normal_": t.kaiming_normal_(Num(c, "a", 0), Str(c, "mode", "fan_in"), Str(c, "nonlinearity", "leaky_relu"), g); break;
            case "trunc_normal_": t.trunc_normal_(Num(c, "mean", 0), Num(c, "std", 1), Num(c, "a", -2), Num(c, "b", 2), g); break;
            case "orthogonal_": t.orthogonal_(Num(c, "gain", 1), g); break;
            case "sparse_": t.sparse_(Num(c, "sparsity", 0), Num(c, "std", 0.01), g); break;
            case "uniform_": t.uniform_(Num(c, "a", 0), Num(c, "b", 1), g); break;
            case "normal_": t.normal_(Num(c, "mean", 0), Num(c, "std", 1), g); break;
            case "constant_": t.constant_(Num(c, "val", 0)); break;
            case "ones_": t.ones_(); break;
            case "zeros_": t.zeros_(); break;
            case "eye_": t.eye_(); break;
            case "dirac_": t.dirac_((int)Num(c, "groups", 1)); break;
            case "lecun_normal_": t.lecun_normal_(g); break;
            case "lecun_uniform_": t.lecun_uniform_(g); break;
            case "variance_scaling_": t.variance_scaling_(Num(c, "scale", 1), Str(c, "mode", "fan_in"), Str(c, "distribution", "truncated_normal"), g); break;
            default: throw new InvalidOperationException($"no mapping for {c.Fn}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void SchemeObjectMatchesTheExtensionMethod(int index, string description)
    {
        // The same case through InitScheme.Parse of the case's Python call form.
        var c = PyTorchFixtures.Cases[index];
        string args = string.Join(", ", c.Kwargs.Select(k => $"{k.Key}={(k.Value.ValueKind == JsonValueKind.String ? $"'{k.Value.GetString()}'" : k.Value.GetRawText())}"));
        var scheme = InitScheme.Parse($"torch.nn.init.{c.Fn}({args})");
        var dtype = c.Dtype == "float64" ? ScalarType.Float64 : ScalarType.Float32;
        using var viaScheme = empty(c.Shape, dtype);
        using var viaMethod = empty(c.Shape, dtype);
        using (var g = c.Generator ? new Generator((ulong)c.Seed) : null) { if (g == null) manual_seed(c.Seed); scheme.Apply(viaScheme, g); }
        using (var g = c.Generator ? new Generator((ulong)c.Seed) : null) { if (g == null) manual_seed(c.Seed); Call(c, viaMethod, g); }
        Assert.True(viaScheme.allclose(viaMethod, 0, 0), description);
    }

    [Fact]
    public void GainsMatchPyTorch()
    {
        foreach (var (name, expected) in PyTorchFixtures.Gains)
        {
            double actual = name == "leaky_relu(0.2)" ? TensorInitExtensions.calculate_gain("leaky_relu", 0.2) : TensorInitExtensions.calculate_gain(name);
            Assert.Equal(expected, actual);
        }
    }
}
