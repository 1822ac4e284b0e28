using System.Collections.Generic;
using System.Threading.Tasks;
using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Xunit;

namespace WeightInit.Analyzers.Tests;

/// <summary>Each diagnostic fires on each way of naming TorchSharp's torch.nn.init, and on nothing else.</summary>
public class TorchInitDiagnosticTests
{
    // (using directive, what the call is prefixed with): every way a porter reaches TorchSharp's functions.
    static readonly (string Using, string Prefix)[] Forms =
    {
        ("using TorchSharp;", "torch.nn.init."),
        ("using static TorchSharp.torch;", "nn.init."),
        ("using init = TorchSharp.torch.nn.init;", "init."),
        ("using static TorchSharp.torch.nn;", "init."),
        ("using static TorchSharp.torch.nn.init;", ""),
        ("", "TorchSharp.torch.nn.init."),
    };

    const string Leaky = "TorchSharp.torch.nn.init.NonlinearityType.LeakyReLU";
    const string Tanh = "TorchSharp.torch.nn.init.NonlinearityType.Tanh";

    // (expected ID, call with {0} for the prefix)
    static readonly (string Id, string Call)[] Cases =
    {
        ("WI0001", "{0}trunc_normal_(w, std: 0.02)"),
        ("WI0001", "{0}trunc_normal_(w, 0, 1, -2, 2, g)"),
        ("WI0002", "{0}xavier_normal_(w)"),
        ("WI0002", "{0}glorot_normal_(w, 2.0)"),
        ("WI0003", "{0}uniform_(w, -1, 1, g)"),
        ("WI0003", "{0}normal_(w, generator: g)"),
        ("WI0004", "{0}calculate_gain(" + Leaky + ")"),
        ("WI0005", "{0}calculate_gain(" + Leaky + ", 0.2)"),
        ("WI0005", "{0}calculate_gain(" + Tanh + ")"),
        ("WI0005", "{0}uniform_(w)"),
        ("WI0005", "{0}normal_(w, 0, 1, null)"),
        ("WI0005", "{0}xavier_uniform_(w)"),
        ("WI0005", "{0}glorot_uniform_(w)"),
        ("WI0005", "{0}kaiming_normal_(w)"),
        ("WI0005", "{0}kaiming_uniform_(w, 0.1)"),
        ("WI0005", "{0}orthogonal_(w)"),
        ("WI0005", "{0}sparse_(w, 0.1)"),
        ("WI0005", "{0}ones_(w)"),
        ("WI0005", "{0}zeros_(w)"),
        ("WI0005", "{0}eye_(w)"),
        ("WI0005", "{0}dirac_(w)"),
        ("WI0005", "{0}constant_(w, 0.5)"),
    };

    public static IEnumerable<object[]> FormsTimesCases()
    {
        foreach (var (u, p) in Forms)
            foreach (var (id, call) in Cases)
                yield return new object[] { u, id, string.Format(CultureInfo.InvariantCulture, call, p) };
    }

    static string Source(string usings, string body) => $$"""
        {{usings}}

        class C
        {
            object M(TorchSharp.torch.Tensor w, TorchSharp.torch.Generator g)
            {
                return {{body}};
            }
        }
        """;

    [Theory]
    [MemberData(nameof(FormsTimesCases))]
    public Task Fires_on_every_syntax_form(string usings, string id, string call) =>
        Verify.Diagnostics(Source(usings, $"{{|{id}:{call}|}}"));

    [Fact]
    public Task Severities_are_warning_except_WI0005_info()
    {
        var source = Source("using TorchSharp;", "new object[] { torch.nn.init.trunc_normal_(w), torch.nn.init.ones_(w) }");
        return Verify.Diagnostics(source,
            new DiagnosticResult("WI0001", DiagnosticSeverity.Warning).WithSpan(7, 31, 7, 61),
            new DiagnosticResult("WI0005", DiagnosticSeverity.Info).WithSpan(7, 63, 7, 85));
    }

    [Fact]
    public Task Message_names_the_defect_and_the_replacement() =>
        Verify.Diagnostics(Source("using TorchSharp;", "torch.nn.init.trunc_normal_(w, std: 0.02)"),
            new DiagnosticResult(Descriptors.TruncNormalConstant).WithSpan(7, 16, 7, 57).WithMessage(
                "'trunc_normal_' is TorchSharp 0.107's torch.nn.init.trunc_normal_, which fills the tensor with one " +
                "constant instead of truncated normal values; call the extension method tensor.trunc_normal_(...) " +
                "from WeightInit instead"));

    [Fact]
    public Task WI0003_message_points_at_Tensors_own_uniform() =>
        Verify.Diagnostics(Source("using TorchSharp;", "torch.nn.init.uniform_(w, 0, 1, g)"),
            new DiagnosticResult(Descriptors.GeneratorIgnored).WithSpan(7, 16, 7, 50).WithMessage(
                "'uniform_' is TorchSharp 0.107's torch.nn.init.uniform_, which ignores its generator and draws " +
                "from the global one; call Tensor's own tensor.uniform_(..., generator) instead, which honours the generator"));

    [Fact]
    public Task WI0004_message_gives_the_call_with_PyTorchs_default() =>
        Verify.Diagnostics(Source("using TorchSharp;", "torch.nn.init.calculate_gain(" + Leaky + ")"),
            new DiagnosticResult(Descriptors.LeakyReluSlopeZero).WithSpan(7, 16, 7, 97).WithMessage(
                "TorchSharp 0.107's torch.nn.init.calculate_gain(LeakyReLU) without a slope uses 0 (gain √2), not " +
                "PyTorch's 0.01; call TensorInitExtensions.calculate_gain(\"leaky_relu\") from WeightInit, or pass the slope"));

    [Fact]
    public Task Using_static_call_binds_to_TorchSharp_even_with_WeightInit_imported() =>
        // The pitfall itself: C# never imports extension methods as plain functions.
        Verify.Diagnostics(Source("using WeightInit;\nusing static TorchSharp.torch.nn.init;",
            "{|WI0001:trunc_normal_(w, std: 0.02)|}"));

    [Fact]
    public Task Method_group_is_flagged() =>
        Verify.Diagnostics(Source("using System;\nusing TorchSharp;",
            "(Func<torch.Tensor, double, torch.Tensor>){|WI0002:torch.nn.init.xavier_normal_|}"));

    [Fact]
    public Task This_librarys_extension_calls_are_not_flagged() =>
        Verify.Diagnostics(Source("using WeightInit;", """
            new object[] {
                    w.trunc_normal_(std: 0.02, generator: g), w.xavier_normal_(), w.kaiming_normal_(mode: "fan_out"),
                    w.uniform_(-1, 1, g), w.normal_(0, 1, g), w.ones_(), w.orthogonal_(),
                    TensorInitExtensions.calculate_gain("leaky_relu"), w.sparse_(0.1), w.dirac_(), w.constant_(2) }
            """));

    [Fact]
    public Task Unrelated_methods_named_like_torch_nn_init_are_not_flagged() =>
        Verify.Diagnostics("""
            using TorchSharp;
            using static Mine;

            static class Mine
            {
                public static torch.Tensor trunc_normal_(torch.Tensor t, double std = 1) => t;
                public static torch.Tensor xavier_normal_(torch.Tensor t) => t;
                public static double calculate_gain(torch.nn.init.NonlinearityType n) => 1;
            }

            class C
            {
                object M(torch.Tensor w) => new object[] {
                    trunc_normal_(w, std: 0.02), Mine.xavier_normal_(w),
                    calculate_gain(torch.nn.init.NonlinearityType.LeakyReLU),
                    torch.nn.init.CalculateFanInAndFanOut(w) };
            }
            """);

    [Fact]
    public void Descriptors_have_category_help_link_and_distinct_ids()
    {
        var analyzer = new TorchInitAnalyzer();
        var ids = new HashSet<string>();
        foreach (var d in analyzer.SupportedDiagnostics)
        {
            Assert.True(ids.Add(d.Id), d.Id);
            Assert.Equal("WeightInit", d.Category);
            Assert.Equal(Descriptors.HelpLink, d.HelpLinkUri);
            Assert.True(d.IsEnabledByDefault);
            Assert.Equal(d.Id == "WI0005" ? DiagnosticSeverity.Info : DiagnosticSeverity.Warning, d.DefaultSeverity);
        }
        Assert.Equal(new[] { "WI0001", "WI0002", "WI0003", "WI0004", "WI0005" }, ids);
        Assert.Equal(ids, new HashSet<string>(new TorchInitCodeFix().FixableDiagnosticIds));
    }

    [Fact]
    public void Analyzer_is_built_against_Roslyn_4_8_so_that_older_hosts_load_it()
    {
        // An analyzer compiled against a newer Microsoft.CodeAnalysis than the compiler running it is not loaded
        // (CS9057): the SDK's compiler must be at least the referenced version.
        foreach (var name in typeof(TorchInitAnalyzer).Assembly.GetReferencedAssemblies())
            if (name.Name!.StartsWith("Microsoft.CodeAnalysis", System.StringComparison.Ordinal))
                Assert.Equal(new System.Version(4, 8, 0, 0), name.Version);
    }
}
