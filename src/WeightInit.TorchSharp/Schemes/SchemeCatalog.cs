using System;
using System.Collections.Generic;
using System.Linq;
using static WeightInit.Schemes.ParameterKind;

namespace WeightInit.Schemes;

/// <summary>One name <see cref="InitScheme.Parse(string)"/> knows: its parameters in PyTorch's order (and how to
/// build it). Built-in schemes and those a <see cref="SchemeRegistry"/> adds.</summary>
public sealed record SchemeDescriptor
{
    internal SchemeDescriptor(string name, IReadOnlyList<SchemeParameter> parameters, Func<object[], InitScheme> create)
    {
        Name = name;
        Parameters = parameters;
        Create = create;
    }

    /// <summary>The name, with its trailing underscore (<c>"kaiming_normal_"</c>).</summary>
    public string Name { get; }

    /// <summary>The parameters in positional order.</summary>
    public IReadOnlyList<SchemeParameter> Parameters { get; }

    internal Func<object[], InitScheme> Create { get; }

    /// <summary>True for a scheme added through a <see cref="SchemeRegistry"/>.</summary>
    public bool IsCustom { get; internal init; }

    /// <summary>PyTorch-style signature, e.g. <c>kaiming_normal_(a=0, mode='fan_in', nonlinearity='leaky_relu')</c>.</summary>
    public string Signature => $"{Name}({string.Join(", ", Parameters.Select(p => p.Required ? p.Name : $"{p.Name}={SchemeText.FormatValue(p.Default!)}"))})";

    /// <summary>The signature.</summary>
    public override string ToString() => Signature;
}

/// <summary>The table of every scheme with its PyTorch signature; parsing and printing both read it.</summary>
internal static class SchemeCatalog
{
    static SchemeParameter P(string name, ParameterKind kind, object? @default = null) => new(name, kind, @default);
    static double D(object v) => (double)v;
    static string W(object v) => (string)v;

    internal static readonly SchemeDescriptor[] Entries =
    {
        new("uniform_", new[] { P("a", Number, 0.0), P("b", Number, 1.0) }, v => new UniformScheme(D(v[0]), D(v[1]))),
        new("normal_", new[] { P("mean", Number, 0.0), P("std", Number, 1.0) }, v => new NormalScheme(D(v[0]), D(v[1]))),
        new("trunc_normal_", new[] { P("mean", Number, 0.0), P("std", Number, 1.0), P("a", Number, -2.0), P("b", Number, 2.0) },
            v => new TruncNormalScheme(D(v[0]), D(v[1]), D(v[2]), D(v[3]))),
        new("constant_", new[] { P("val", Number) }, v => new ConstantScheme(D(v[0]))),
        new("ones_", Array.Empty<SchemeParameter>(), _ => ConstantScheme.OnesInstance),
        new("zeros_", Array.Empty<SchemeParameter>(), _ => ConstantScheme.ZerosInstance),
        new("eye_", Array.Empty<SchemeParameter>(), _ => new EyeScheme()),
        new("dirac_", new[] { P("groups", Integer, 1L) }, v => new DiracScheme(checked((int)(long)v[0]))),
        new("xavier_uniform_", new[] { P("gain", Number, 1.0) }, v => new XavierScheme(D(v[0]), Distribution.Uniform)),
        new("xavier_normal_", new[] { P("gain", Number, 1.0) }, v => new XavierScheme(D(v[0]), Distribution.Normal)),
        new("kaiming_uniform_", new[] { P("a", Number, 0.0), P("mode", Word, "fan_in"), P("nonlinearity", Word, "leaky_relu") },
            v => new KaimingScheme(D(v[0]), W(v[1]), W(v[2]), Distribution.Uniform)),
        new("kaiming_normal_", new[] { P("a", Number, 0.0), P("mode", Word, "fan_in"), P("nonlinearity", Word, "leaky_relu") },
            v => new KaimingScheme(D(v[0]), W(v[1]), W(v[2]), Distribution.Normal)),
        new("lecun_uniform_", Array.Empty<SchemeParameter>(), _ => new LecunScheme(Distribution.Uniform)),
        new("lecun_normal_", Array.Empty<SchemeParameter>(), _ => new LecunScheme(Distribution.Normal)),
        new("variance_scaling_", new[] { P("scale", Number, 1.0), P("mode", Word, "fan_in"), P("distribution", Word, "truncated_normal") },
            v => new VarianceScalingScheme(D(v[0]), W(v[1]), W(v[2]))),
        new("orthogonal_", new[] { P("gain", Number, 1.0) }, v => new OrthogonalScheme(D(v[0]))),
        new("sparse_", new[] { P("sparsity", Number), P("std", Number, 0.01) },
            v => new SparseScheme(D(v[0]), D(v[1]))),
    };

    internal static SchemeDescriptor? Find(string name) => Array.Find(Entries, e => e.Name == name);

    internal static string Names => string.Join(", ", Entries.Select(e => e.Name));
}
