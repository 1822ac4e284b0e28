using System.Collections.Generic;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace WeightInit.Analyzers;

/// <summary>What is known about TorchSharp 0.107's <c>torch.nn.init</c>: its methods, what this library calls
/// instead, and which diagnostic a call gets.</summary>
internal static class TorchInit
{
    public const string TypeMetadataName = "TorchSharp.torch+nn+init";

    // TorchSharp name -> this library's (glorot_* are TorchSharp's aliases of xavier_*).
    static readonly Dictionary<string, string> Targets = new()
    {
        ["trunc_normal_"] = "trunc_normal_", ["xavier_normal_"] = "xavier_normal_", ["glorot_normal_"] = "xavier_normal_",
        ["xavier_uniform_"] = "xavier_uniform_", ["glorot_uniform_"] = "xavier_uniform_",
        ["uniform_"] = "uniform_", ["normal_"] = "normal_",
        ["kaiming_uniform_"] = "kaiming_uniform_", ["kaiming_normal_"] = "kaiming_normal_",
        ["orthogonal_"] = "orthogonal_", ["sparse_"] = "sparse_",
        ["ones_"] = "ones_", ["zeros_"] = "zeros_", ["eye_"] = "eye_", ["dirac_"] = "dirac_", ["constant_"] = "constant_",
        ["calculate_gain"] = "calculate_gain",
    };

    // Why WI0005 fires for a call whose values are not known to be wrong.
    static readonly Dictionary<string, string> Reasons = new()
    {
        ["uniform_"] = "no generator given; TorchSharp's would ignore one",
        ["normal_"] = "no generator given; TorchSharp's would ignore one",
        ["xavier_uniform_"] = "takes no generator", ["glorot_uniform_"] = "takes no generator",
        ["kaiming_uniform_"] = "takes no generator, enum modes", ["kaiming_normal_"] = "takes no generator, enum modes",
        ["orthogonal_"] = "takes no generator", ["sparse_"] = "takes no generator",
        ["dirac_"] = "has no groups",
        ["calculate_gain"] = "enum nonlinearity, no SELU",
        ["ones_"] = "a second init API", ["zeros_"] = "a second init API", ["eye_"] = "a second init API",
        ["constant_"] = "a second init API",
    };

    public static readonly Dictionary<string, string> Nonlinearities = new()
    {
        ["Linear"] = "linear", ["Conv1D"] = "conv1d", ["Conv2D"] = "conv2d", ["Conv3D"] = "conv3d",
        ["ConvTranspose1D"] = "conv_transpose1d", ["ConvTranspose2D"] = "conv_transpose2d",
        ["ConvTranspose3D"] = "conv_transpose3d", ["Sigmoid"] = "sigmoid", ["Tanh"] = "tanh", ["ReLU"] = "relu",
        ["LeakyReLU"] = "leaky_relu",
    };

    public static readonly Dictionary<string, string> FanModes = new() { ["FanIn"] = "fan_in", ["FanOut"] = "fan_out" };

    public static bool IsTorchInit(IMethodSymbol method, INamedTypeSymbol initType) =>
        SymbolEqualityComparer.Default.Equals(method.ContainingType, initType) && Targets.ContainsKey(method.Name);

    public static string TargetName(string torchName) => Targets[torchName];

    /// <summary>How the replacement reads in a message: <c>tensor.trunc_normal_(...)</c>.</summary>
    public static string ReplacementText(string torchName) => torchName switch
    {
        "calculate_gain" => "TensorInitExtensions.calculate_gain(\"...\")",
        "uniform_" or "normal_" => $"Tensor's own tensor.{torchName}(..., generator)",
        _ => $"tensor.{Targets[torchName]}(...)",
    };

    /// <summary>The diagnostic for a call (or, with <paramref name="call"/> null, a method group).</summary>
    public static DiagnosticDescriptor Classify(IMethodSymbol method, IInvocationOperation? call, out string reason)
    {
        reason = Reasons.TryGetValue(method.Name, out var r) ? r : "";
        switch (method.Name)
        {
            case "trunc_normal_": return Descriptors.TruncNormalConstant;
            case "xavier_normal_" or "glorot_normal_": return Descriptors.XavierNormalUniform;
            case "uniform_" or "normal_" when call is not null && PassesGenerator(call): return Descriptors.GeneratorIgnored;
            case "calculate_gain" when call is not null && IsLeakyReluWithoutSlope(call): return Descriptors.LeakyReluSlopeZero;
            default: return Descriptors.PreferWeightInit;
        }
    }

    static bool PassesGenerator(IInvocationOperation call)
    {
        foreach (var arg in call.Arguments)
            if (arg.Parameter?.Name == "generator" && arg.ArgumentKind == ArgumentKind.Explicit && !IsNull(arg.Value))
                return true;
        return false;
    }

    static bool IsNull(IOperation value) =>
        value.ConstantValue.HasValue && value.ConstantValue.Value is null;

    static bool IsLeakyReluWithoutSlope(IInvocationOperation call)
    {
        bool leaky = false, slopeGiven = false;
        foreach (var arg in call.Arguments)
        {
            if (arg.Parameter?.Ordinal == 0)
                leaky = EnumMemberName(arg.Value) == "LeakyReLU";
            else if (arg.Parameter?.Name == "param")
                slopeGiven = arg.ArgumentKind != ArgumentKind.DefaultValue;
        }
        return leaky && !slopeGiven;
    }

    /// <summary>The enum member a constant argument names (<c>NonlinearityType.ReLU</c>, <c>(FanInOut)1</c>), or null.</summary>
    public static string? EnumMemberName(IOperation value)
    {
        if (value.Type is not INamedTypeSymbol { TypeKind: TypeKind.Enum } enumType || !value.ConstantValue.HasValue)
            return null;
        var constant = value.ConstantValue.Value;
        foreach (var member in enumType.GetMembers())
            if (member is IFieldSymbol { HasConstantValue: true } field && Equals(field.ConstantValue, constant))
                return field.Name;
        return null;
    }
}
