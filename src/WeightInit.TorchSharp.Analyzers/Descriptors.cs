using Microsoft.CodeAnalysis;

namespace WeightInit.Analyzers;

/// <summary>The diagnostics: one per class of defect in TorchSharp 0.107's torch.nn.init.</summary>
public static class Descriptors
{
    public const string Category = "WeightInit";

    /// <summary>The package's README (section "Porting from PyTorch: the using static pitfall" explains these IDs),
    /// as NuGet shows it: the project has no public repository address yet.</summary>
    public const string HelpLink = "https://www.nuget.org/packages/WeightInit.TorchSharp#readme-body-tab";

    public static readonly DiagnosticDescriptor TruncNormalConstant = new(
        "WI0001",
        "TorchSharp's torch.nn.init.trunc_normal_ fills a constant",
        "'{0}' is TorchSharp 0.107's torch.nn.init.trunc_normal_, which fills the tensor with one constant instead of truncated normal values; call the extension method {1} from WeightInit instead",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "TorchSharp 0.107's trunc_normal_ swaps mean and std in its native code and misses sqrt(2): every element gets the same value.",
        helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor XavierNormalUniform = new(
        "WI0002",
        "TorchSharp's torch.nn.init.xavier_normal_ draws uniform values",
        "'{0}' is TorchSharp 0.107's torch.nn.init.{0}, which draws from a uniform distribution, not a normal one; call the extension method {1} from WeightInit instead",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "TorchSharp 0.107's xavier_normal_ and glorot_normal_ fill U(-std, std) instead of N(0, std²).",
        helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor GeneratorIgnored = new(
        "WI0003",
        "TorchSharp's torch.nn.init ignores this generator",
        "'{0}' is TorchSharp 0.107's torch.nn.init.{0}, which ignores its generator and draws from the global one; call {1} instead, which honours the generator",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "TorchSharp 0.107's uniform_, normal_ and trunc_normal_ accept a generator and never pass it on: seeded runs are not reproducible.",
        helpLinkUri: HelpLink);

    public static readonly DiagnosticDescriptor LeakyReluSlopeZero = new(
        "WI0004",
        "TorchSharp's calculate_gain(LeakyReLU) defaults the slope to 0",
        "TorchSharp 0.107's torch.nn.init.calculate_gain(LeakyReLU) without a slope uses 0 (gain √2), not PyTorch's 0.01; call TensorInitExtensions.calculate_gain(\"leaky_relu\") from WeightInit, or pass the slope",
        Category, DiagnosticSeverity.Warning, isEnabledByDefault: true,
        description: "PyTorch's calculate_gain('leaky_relu') defaults negative_slope to 0.01 (gain 1.41414); TorchSharp 0.107 defaults param to 0 (gain 1.41421).",
        helpLinkUri: HelpLink);

    // Info, not warning: these calls have no known wrong value, so a warning would break warnings-as-errors builds
    // of correct code; the porter still wants one API (generators, PyTorch's names, errors and SELU gain).
    public static readonly DiagnosticDescriptor PreferWeightInit = new(
        "WI0005",
        "Prefer WeightInit's torch.nn.init over TorchSharp's",
        "'{0}' is TorchSharp 0.107's torch.nn.init.{0} ({2}); call {1} from WeightInit, which gives PyTorch's values, parameters and errors",
        Category, DiagnosticSeverity.Info, isEnabledByDefault: true,
        description: "TorchSharp 0.107's torch.nn.init takes no generator in xavier_*, kaiming_*, orthogonal_ and sparse_, has no SELU gain, no dirac_ groups and enum-typed modes; WeightInit's extension methods mirror PyTorch 2.x and are tested against it.",
        helpLinkUri: HelpLink);
}
