using System;
using System.Collections.Generic;
using System.Linq;
using static WeightInit.Schemes.ParameterKind;

namespace WeightInit.Schemes;

/// <summary>One name <see cref="InitScheme.Parse"/> knows: its parameters in PyTorch's order and how to build it.</summary>
public sealed record SchemeDescriptor(string Name, IReadOnlyList<SchemeParameter> Parameters, string Summary)
{
    internal Func<object[], InitScheme> Create { get; init; } = _ => throw new InvalidOperationException();

    /// <summary>PyTorch-style signature, e.g. <c>kaiming_normal_(a=0, mode='fan_in', nonlinearity='leaky_relu')</c>.</summary>
    public string Signature => $"{Name}({string.Join(", ", Parameters.Select(p => p.Required ? p.Name : $"{p.Name}={SchemeText.FormatValue(p.Default!)}"))})";

    /// <summary>The signature and what it draws: <c>xavier_uniform_(gain=1): U(±gain·sqrt(6/(fan_in+fan_out)))</c>.</summary>
    public override string ToString() => $"{Signature}: {Summary}";
}

/// <summary>The table of every scheme with its PyTorch signature; parsing and printing both read it.</summary>
internal static class SchemeCatalog
{
    static SchemeParameter P(string name, ParameterKind kind, object? @default = null) => new(name, kind, @default);
    static double D(object v) => (double)v;
    static string W(object v) => (string)v;

    internal static readonly SchemeDescriptor[] Entries =
    {
        new("uniform_", new[] { P("a", Number, 0.0), P("b", Number, 1.0) }, "U(a, b)") { Create = v => new UniformScheme(D(v[0]), D(v[1])) },
        new("normal_", new[] { P("mean", Number, 0.0), P("std", Number, 1.0) }, "N(mean, std²)") { Create = v => new NormalScheme(D(v[0]), D(v[1])) },
        new("trunc_normal_", new[] { P("mean", Number, 0.0), P("std", Number, 1.0), P("a", Number, -2.0), P("b", Number, 2.0) },
            "N(mean, std²) truncated to [a, b]") { Create = v => new TruncNormalScheme(D(v[0]), D(v[1]), D(v[2]), D(v[3])) },
        new("constant_", new[] { P("val", Number) }, "val") { Create = v => new ConstantScheme(D(v[0])) },
        new("ones_", Array.Empty<SchemeParameter>(), "1") { Create = _ => ConstantScheme.OnesInstance },
        new("zeros_", Array.Empty<SchemeParameter>(), "0") { Create = _ => ConstantScheme.ZerosInstance },
        new("eye_", Array.Empty<SchemeParameter>(), "identity matrix") { Create = _ => new EyeScheme() },
        new("dirac_", new[] { P("groups", Integer, 1L) }, "identity convolution per group") { Create = v => new DiracScheme(checked((int)(long)v[0])) },
        new("xavier_uniform_", new[] { P("gain", Number, 1.0) }, "U(±gain·sqrt(6/(fan_in+fan_out)))")
            { Create = v => new XavierScheme(D(v[0]), Distribution.Uniform) },
        new("xavier_normal_", new[] { P("gain", Number, 1.0) }, "N(0, gain²·2/(fan_in+fan_out))")
            { Create = v => new XavierScheme(D(v[0]), Distribution.Normal) },
        new("kaiming_uniform_", new[] { P("a", Number, 0.0), P("mode", Word, "fan_in"), P("nonlinearity", Word, "leaky_relu") },
            "U(±gain·sqrt(3/fan))") { Create = v => new KaimingScheme(D(v[0]), W(v[1]), W(v[2]), Distribution.Uniform) },
        new("kaiming_normal_", new[] { P("a", Number, 0.0), P("mode", Word, "fan_in"), P("nonlinearity", Word, "leaky_relu") },
            "N(0, gain²/fan)") { Create = v => new KaimingScheme(D(v[0]), W(v[1]), W(v[2]), Distribution.Normal) },
        new("lecun_uniform_", Array.Empty<SchemeParameter>(), "U(±sqrt(3/fan_in))") { Create = _ => new LecunScheme(Distribution.Uniform) },
        new("lecun_normal_", Array.Empty<SchemeParameter>(), "N(0, 1/fan_in)") { Create = _ => new LecunScheme(Distribution.Normal) },
        new("variance_scaling_", new[] { P("scale", Number, 1.0), P("mode", Word, "fan_in"), P("distribution", Word, "truncated_normal") },
            "variance scale/n (JAX)") { Create = v => new VarianceScalingScheme(D(v[0]), W(v[1]), W(v[2])) },
        new("orthogonal_", new[] { P("gain", Number, 1.0) }, "gain·Q of QR(N(0,1))") { Create = v => new OrthogonalScheme(D(v[0])) },
        new("sparse_", new[] { P("sparsity", Number), P("std", Number, 0.01) }, "N(0, std²), ceil(sparsity·rows) zeros per column")
            { Create = v => new SparseScheme(D(v[0]), D(v[1])) },
    };

    internal static SchemeDescriptor? Find(string name) => Array.Find(Entries, e => e.Name == name);

    internal static string Names => string.Join(", ", Entries.Select(e => e.Name));
}
