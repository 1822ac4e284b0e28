using System;
using System.Collections.Generic;
using System.Linq;
using WeightInit.Schemes;
using Xunit;

namespace WeightInit.Tests;

/// <summary>The text form of schemes: every spelling InitScheme.Parse promises gives the scheme the factories build,
/// ToString is canonical and parses back, and every malformed text is rejected with a message saying what is valid.
/// No tensors here.</summary>
public class SchemeTextTests
{
    // ---- accepted forms -------------------------------------------------------------------------------------------

    // text, the scheme it means, and a near miss it must not equal.
    public static TheoryData<string, InitScheme, InitScheme> Forms => new()
    {
        { "kaiming_normal_(mode='fan_out', nonlinearity='relu')", InitScheme.KaimingNormal(mode: "fan_out", nonlinearity: "relu"), InitScheme.KaimingNormal(mode: "fan_in", nonlinearity: "relu") },
        { "trunc_normal(std=0.02)", InitScheme.TruncNormal(std: 0.02), InitScheme.TruncNormal(std: 0.01) },
        { "nn.init.xavier_uniform_(gain=1.5)", InitScheme.XavierUniform(1.5), InitScheme.XavierUniform() },
        { "torch.nn.init.xavier_uniform_", InitScheme.XavierUniform(), InitScheme.XavierNormal() },
        { "init.xavier_uniform_()", InitScheme.XavierUniform(), InitScheme.XavierUniform(2) },
        { "xavier_uniform_", InitScheme.XavierUniform(), InitScheme.XavierNormal() },
        { "xavier_uniform_()", InitScheme.XavierUniform(), InitScheme.XavierUniform(1.5) },
        { "xavier_uniform", InitScheme.XavierUniform(), InitScheme.KaimingUniform() },
        { "  xavier_uniform_ ( gain = 1.5 )  ", InitScheme.XavierUniform(1.5), InitScheme.XavierUniform() },
        // Positional arguments, in PyTorch's order.
        { "kaiming_uniform_(0.2, 'fan_out', 'leaky_relu')", InitScheme.KaimingUniform(0.2, "fan_out", "leaky_relu"), InitScheme.KaimingUniform(0.2, "fan_in", "leaky_relu") },
        { "kaiming_uniform_(0.2, nonlinearity='relu')", InitScheme.KaimingUniform(0.2, nonlinearity: "relu"), InitScheme.KaimingUniform(0.2) },
        { "sparse_(0.1)", InitScheme.Sparse(0.1), InitScheme.Sparse(0.2) },
        { "sparse_(0.1, 0.02)", InitScheme.Sparse(0.1, 0.02), InitScheme.Sparse(0.1) },
        { "trunc_normal_(0, 0.02, -0.04, 0.04)", InitScheme.TruncNormal(0, 0.02, -0.04, 0.04), InitScheme.TruncNormal(0, 0.02) },
        { "uniform_(-0.1, 0.1)", InitScheme.Uniform(-0.1, 0.1), InitScheme.Uniform(-0.1) },
        { "normal_(std=1e-2)", InitScheme.Normal(std: 0.01), InitScheme.Normal() },
        { "constant_(-1)", InitScheme.Constant(-1), InitScheme.Constant(1) },
        { "dirac_(2)", InitScheme.Dirac(2), InitScheme.Dirac() },
        { "dirac_(groups=3.0)", InitScheme.Dirac(3), InitScheme.Dirac(2) },
        { "variance_scaling_(2.0, 'fan_avg', 'uniform')", InitScheme.VarianceScaling(2, "fan_avg", "uniform"), InitScheme.VarianceScaling(2, "fan_avg", "normal") },
        { "ones_", InitScheme.Ones, InitScheme.Constant(1) },
        { "zeros_()", InitScheme.Zeros, InitScheme.Constant(0) },
        { "eye_", InitScheme.Eye, InitScheme.Dirac() },
        { "lecun_normal", InitScheme.LecunNormal, InitScheme.LecunUniform },
        // Quotes: double, or none at all.
        { "kaiming_normal_(mode=\"fan_out\", nonlinearity=\"relu\")", InitScheme.KaimingNormal(mode: "fan_out", nonlinearity: "relu"), InitScheme.KaimingNormal(nonlinearity: "relu") },
        { "kaiming_normal_(mode=fan_out, nonlinearity=relu)", InitScheme.KaimingNormal(mode: "fan_out", nonlinearity: "relu"), InitScheme.KaimingUniform(mode: "fan_out", nonlinearity: "relu") },
        // Mode is case-insensitive (PyTorch lowercases it).
        { "kaiming_normal_(mode='FAN_OUT')", InitScheme.KaimingNormal(mode: "fan_out"), InitScheme.KaimingNormal() },
        // Numbers as expressions.
        { "kaiming_uniform_(a=math.sqrt(5))", InitScheme.KaimingUniform(Math.Sqrt(5)), InitScheme.KaimingUniform(5) },
        { "kaiming_uniform_(a=sqrt(5))", InitScheme.KaimingUniform(Math.Sqrt(5)), InitScheme.KaimingUniform(2.236) },
        { "kaiming_uniform_(-sqrt(5))", InitScheme.KaimingUniform(-Math.Sqrt(5)), InitScheme.KaimingUniform(Math.Sqrt(5)) },
        { "xavier_uniform_(gain=5/3)", InitScheme.XavierUniform(5.0 / 3), InitScheme.XavierUniform(1.6666) },
        { "xavier_normal_(5/3)", InitScheme.XavierNormal(5.0 / 3), InitScheme.XavierUniform(5.0 / 3) },
        { "orthogonal_(gain=sqrt(2))", InitScheme.Orthogonal(Math.Sqrt(2)), InitScheme.Orthogonal() },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public void ParsesToTheFactorysScheme(string text, InitScheme expected, InitScheme different)
    {
        var parsed = InitScheme.Parse(text);
        Assert.Equal(expected, parsed);
        Assert.Equal(expected.GetHashCode(), parsed.GetHashCode());
        Assert.Equal(expected.ToString(), parsed.ToString());
        Assert.NotEqual(different, parsed);
        Assert.True(InitScheme.TryParse(text, out var viaTry, out var error));
        Assert.Null(error);
        Assert.Equal(expected, viaTry);
    }

    // ---- canonical ToString and round trip ------------------------------------------------------------------------

    // One scheme per catalog entry, with every argument away from its default.
    static readonly Dictionary<string, InitScheme> NonDefault = new()
    {
        ["uniform_"] = InitScheme.Uniform(-0.5, 0.25),
        ["normal_"] = InitScheme.Normal(1.5, 0.1 + 0.2),
        ["trunc_normal_"] = InitScheme.TruncNormal(1.0 / 3, 0.02, -0.04, 0.04),
        ["constant_"] = InitScheme.Constant(-1e-300),
        ["ones_"] = InitScheme.Ones,
        ["zeros_"] = InitScheme.Zeros,
        ["eye_"] = InitScheme.Eye,
        ["dirac_"] = InitScheme.Dirac(3),
        ["xavier_uniform_"] = InitScheme.XavierUniform(Math.Sqrt(2)),
        ["xavier_normal_"] = InitScheme.XavierNormal(5.0 / 3),
        ["kaiming_uniform_"] = InitScheme.KaimingUniform(Math.Sqrt(5), "fan_out", "relu"),
        ["kaiming_normal_"] = InitScheme.KaimingNormal(0.2, "fan_out", "tanh"),
        ["lecun_uniform_"] = InitScheme.LecunUniform,
        ["lecun_normal_"] = InitScheme.LecunNormal,
        ["variance_scaling_"] = InitScheme.VarianceScaling(2, "fan_geo_avg", "uniform"),
        ["orthogonal_"] = InitScheme.Orthogonal(1e10),
        ["sparse_"] = InitScheme.Sparse(0.1, 5e-324),
    };

    public static IEnumerable<object[]> CatalogNames() => InitScheme.Descriptors.Select(d => new object[] { d.Name });

    [Fact]
    public void TheRoundTripTableCoversTheWholeCatalog() =>
        Assert.Equal(InitScheme.Descriptors.Select(d => d.Name).OrderBy(n => n), NonDefault.Keys.OrderBy(n => n));

    [Theory]
    [MemberData(nameof(CatalogNames))]
    public void ToStringParsesBackToAnEqualScheme(string name)
    {
        var scheme = NonDefault[name];
        string text = scheme.ToString();
        Assert.StartsWith(name + "(", text);
        var back = InitScheme.Parse(text);
        Assert.Equal(scheme, back);
        Assert.Equal(scheme.GetHashCode(), back.GetHashCode());
        Assert.Equal(text, back.ToString());
        // Also the way a user would write it.
        Assert.Equal(scheme, InitScheme.Parse("torch.nn.init." + text));
    }

    [Theory]
    [MemberData(nameof(CatalogNames))]
    public void EveryCatalogEntryParsesWithItsDefaults(string name)
    {
        var descriptor = InitScheme.Descriptors.Single(d => d.Name == name);
        // Required arguments get a value; everything else is left to the default, which ToString then omits.
        string args = string.Join(", ", descriptor.Parameters.Where(p => p.Required).Select(p => $"{p.Name}=0.5"));
        var scheme = InitScheme.Parse($"{name}({args})");
        Assert.Equal(name, scheme.Name);
        Assert.Equal($"{name}({args})", scheme.ToString());
    }

    public static TheoryData<InitScheme, string> Canonical => new()
    {
        { InitScheme.XavierUniform(), "xavier_uniform_()" },
        { InitScheme.XavierUniform(1.0), "xavier_uniform_()" },
        { InitScheme.KaimingNormal(mode: "fan_out", nonlinearity: "relu"), "kaiming_normal_(mode='fan_out', nonlinearity='relu')" },
        { InitScheme.KaimingNormal(mode: "FAN_OUT", nonlinearity: "relu"), "kaiming_normal_(mode='fan_out', nonlinearity='relu')" },
        { InitScheme.KaimingUniform(0, "Fan_In", "leaky_relu"), "kaiming_uniform_()" },
        { InitScheme.KaimingUniform(Math.Sqrt(5)), "kaiming_uniform_(a=2.23606797749979)" },
        { InitScheme.TruncNormal(std: 0.02), "trunc_normal_(std=0.02)" },
        { InitScheme.TruncNormal(0, 0.02, -0.04, 0.04), "trunc_normal_(std=0.02, a=-0.04, b=0.04)" },
        { InitScheme.Uniform(-0.5, 0.25), "uniform_(a=-0.5, b=0.25)" },
        { InitScheme.Normal(), "normal_()" },
        { InitScheme.Sparse(0.1), "sparse_(sparsity=0.1)" },
        { InitScheme.Sparse(0, 0.02), "sparse_(sparsity=0, std=0.02)" },
        { InitScheme.Constant(0), "constant_(val=0)" },
        { InitScheme.Constant(2.5), "constant_(val=2.5)" },
        { InitScheme.Ones, "ones_()" },
        { InitScheme.Zeros, "zeros_()" },
        { InitScheme.Eye, "eye_()" },
        { InitScheme.Dirac(), "dirac_()" },
        { InitScheme.Dirac(2), "dirac_(groups=2)" },
        { InitScheme.LecunUniform, "lecun_uniform_()" },
        { InitScheme.VarianceScaling(), "variance_scaling_()" },
        { InitScheme.VarianceScaling(2, "FAN_AVG", "Uniform"), "variance_scaling_(scale=2, mode='fan_avg', distribution='uniform')" },
        { new VarianceScalingScheme(1, FanMode.FanIn, Distribution.Normal), "variance_scaling_(distribution='normal')" },
        { InitScheme.Orthogonal(0.5), "orthogonal_(gain=0.5)" },
    };

    [Theory]
    [MemberData(nameof(Canonical))]
    public void ToStringIsCanonical(InitScheme scheme, string expected) => Assert.Equal(expected, scheme.ToString());

    [Fact]
    public void EqualSchemesBuiltDifferentlyPrintAndHashAlike()
    {
        var pairs = new (InitScheme, InitScheme)[]
        {
            (InitScheme.KaimingNormal(mode: "FAN_OUT"), InitScheme.Parse("kaiming_normal_(0, 'fan_out')")),
            (InitScheme.VarianceScaling(1, "fan_in", "NORMAL"), new VarianceScalingScheme(1, FanMode.FanIn, Distribution.Normal)),
            (InitScheme.Constant(3), InitScheme.Parse("constant_(val=6/2)")),
            (InitScheme.Eye, new EyeScheme()),
            (InitScheme.XavierNormal(), new XavierScheme(1, Distribution.Normal)),
        };
        foreach (var (a, b) in pairs)
        {
            Assert.Equal(a, b);
            Assert.Equal(a.GetHashCode(), b.GetHashCode());
            Assert.Equal(a.ToString(), b.ToString());
        }
    }

    [Fact]
    public void SignaturesShowPyTorchsDefaults()
    {
        Assert.Equal("kaiming_normal_(a=0, mode='fan_in', nonlinearity='leaky_relu')", InitScheme.Descriptors.Single(d => d.Name == "kaiming_normal_").Signature);
        Assert.Equal("sparse_(sparsity, std=0.01)", InitScheme.Descriptors.Single(d => d.Name == "sparse_").Signature);
        Assert.Equal("trunc_normal_(mean=0, std=1, a=-2, b=2)", InitScheme.Descriptors.Single(d => d.Name == "trunc_normal_").Signature);
        Assert.Equal("eye_()", InitScheme.Descriptors.Single(d => d.Name == "eye_").Signature);
    }

    // ---- rejected text --------------------------------------------------------------------------------------------

    // text, fragments the message must contain.
    public static TheoryData<string, string[]> Malformed => new()
    {
        { "foo_(1)", new[] { "unknown scheme 'foo_'", "xavier_uniform_", "kaiming_normal_", "sparse_" } },
        { "torch.xavier_uniform_", new[] { "prefix" } },
        { "", new[] { "name" } },
        { "xavier_uniform_(gian=2)", new[] { "unexpected keyword argument 'gian'", "gain" } },
        { "kaiming_normal_(b=2)", new[] { "'b'", "a, mode, nonlinearity" } },
        { "xavier_uniform_(1, 2)", new[] { "takes 1 argument", "gain", "2 were given" } },
        { "eye_(1)", new[] { "takes 0 argument", "1 were given" } },
        { "xavier_uniform_(gain=1, gain=2)", new[] { "repeated", "gain" } },
        { "xavier_uniform_(1, gain=2)", new[] { "multiple values", "gain" } },
        { "kaiming_uniform_(mode='fan_in', 0.2)", new[] { "positional argument follows keyword argument" } },
        { "sparse_", new[] { "missing required argument 'sparsity'" } },
        { "sparse_()", new[] { "missing required argument 'sparsity'" } },
        { "sparse_(std=0.1)", new[] { "missing required argument 'sparsity'" } },
        { "constant_()", new[] { "missing required argument 'val'" } },
        { "kaiming_normal_(mode='fan_foo')", new[] { "Mode fan_foo not supported, please use one of ['fan_in', 'fan_out']" } },
        { "variance_scaling_(mode='fan_foo')", new[] { "Mode fan_foo not supported", "'fan_avg', 'fan_geo_avg'" } },
        { "variance_scaling_(distribution='cauchy')", new[] { "Distribution cauchy not supported", "'truncated_normal'" } },
        { "kaiming_normal_(nonlinearity='foo')", new[] { "Unsupported nonlinearity foo" } },
        { "xavier_uniform_(gain='x')", new[] { "'gain' expects a number", "'x'" } },
        { "xavier_uniform_(gain=True)", new[] { "'gain' expects a number", "True" } },
        { "sparse_(None)", new[] { "'sparsity' expects a number", "None" } },
        { "kaiming_normal_(mode=0)", new[] { "'mode' expects a word" } },
        { "dirac_(groups=1.5)", new[] { "'groups' expects an integer" } },
        { "dirac_(groups=0)", new[] { "groups must be a positive integer" } },
        { "dirac_(groups=99999999999)", new[] { "overflow" } },
        { "xavier_uniform_(gain=-1)", new[] { "gain must be >= 0" } },
        { "xavier_uniform_(gain=1/0)", new[] { "gain must be a finite number" } },
        { "sparse_(1.5)", new[] { "sparsity must be in [0, 1]" } },
        { "trunc_normal_(a=1, b=0)", new[] { "a < b" } },
        { "xavier_uniform_() extra", new[] { "unexpected text 'extra'" } },
        { "xavier_uniform_(gain=1))", new[] { "unexpected text ')'" } },
        { "xavier_uniform_ gain=1", new[] { "unexpected text" } },
        { "xavier_uniform_(gain=1", new[] { "expected ',' or ')'" } },
        { "xavier_uniform_(gain=)", new[] { "expected a value" } },
        { "kaiming_normal_(mode='fan_out)", new[] { "unterminated string" } },
        { "xavier_uniform_(gain=1/exp(1))", new[] { "unexpected 'exp' in a number" } },
        { "xavier_uniform_(gain=exp(1))", new[] { "'gain' expects a number", "exp(...)" } },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void RejectsWithAMessageThatNamesTheProblem(string text, string[] fragments)
    {
        var e = Assert.ThrowsAny<ArgumentException>(() => InitScheme.Parse(text));
        Assert.Contains($"\"{text}\"", e.Message); // the message quotes the text it could not read
        foreach (var f in fragments) Assert.Contains(f, e.Message, StringComparison.OrdinalIgnoreCase);

        Assert.False(InitScheme.TryParse(text, out var scheme, out var error));
        Assert.Null(scheme);
        Assert.NotNull(error);
        Assert.StartsWith(error, e.Message);
    }

    [Fact]
    public void NullTextIsRejectedNotThrownByTryParse()
    {
        Assert.False(InitScheme.TryParse(null!, out var scheme, out var error));
        Assert.Null(scheme);
        Assert.Contains("null", error);
        Assert.ThrowsAny<ArgumentException>(() => InitScheme.Parse(null!));
    }
}
