using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace WeightInit.Analyzers;

/// <summary>Flags every use of TorchSharp 0.107's <c>torch.nn.init</c> methods, found by symbol: a qualified call,
/// an alias (<c>init.trunc_normal_(w)</c>), a <c>using static</c> plain call or a method group.</summary>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class TorchInitAnalyzer : DiagnosticAnalyzer
{
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(
        Descriptors.TruncNormalConstant, Descriptors.XavierNormalUniform, Descriptors.GeneratorIgnored,
        Descriptors.LeakyReluSlopeZero, Descriptors.PreferWeightInit);

    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            // Without TorchSharp referenced there is nothing to flag.
            var initType = start.Compilation.GetTypeByMetadataName(TorchInit.TypeMetadataName);
            if (initType is null)
                return;
            start.RegisterOperationAction(c => AnalyzeCall(c, initType), OperationKind.Invocation);
            start.RegisterOperationAction(c => AnalyzeMethodGroup(c, initType), OperationKind.MethodReference);
        });
    }

    static void AnalyzeCall(OperationAnalysisContext context, INamedTypeSymbol initType)
    {
        var call = (IInvocationOperation)context.Operation;
        if (TorchInit.IsTorchInit(call.TargetMethod, initType))
            Report(context, call.TargetMethod, call);
    }

    static void AnalyzeMethodGroup(OperationAnalysisContext context, INamedTypeSymbol initType)
    {
        var reference = (IMethodReferenceOperation)context.Operation;
        if (TorchInit.IsTorchInit(reference.Method, initType))
            Report(context, reference.Method, null);
    }

    static void Report(OperationAnalysisContext context, IMethodSymbol method, IInvocationOperation? call)
    {
        var descriptor = TorchInit.Classify(method, call, out var reason);
        context.ReportDiagnostic(Diagnostic.Create(descriptor, context.Operation.Syntax.GetLocation(),
            method.Name, TorchInit.ReplacementText(method.Name), reason));
    }
}
