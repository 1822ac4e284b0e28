using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace WeightInit.Analyzers;

/// <summary>Rewrites <c>torch.nn.init.trunc_normal_(w, std: 0.02)</c> into <c>w.trunc_normal_(std: 0.02)</c> and adds
/// <c>using WeightInit;</c> where the extension methods are not in scope. Fix all rewrites every call of a document
/// in one pass, so the using is added once.</summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(TorchInitCodeFix)), Shared]
public sealed class TorchInitCodeFix : CodeFixProvider
{
    const string Namespace = "WeightInit";

    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create(
        Descriptors.TruncNormalConstant.Id, Descriptors.XavierNormalUniform.Id, Descriptors.GeneratorIgnored.Id,
        Descriptors.LeakyReluSlopeZero.Id, Descriptors.PreferWeightInit.Id);

    public override FixAllProvider GetFixAllProvider() =>
        FixAllProvider.Create(async (context, document, diagnostics) =>
            await FixAsync(document, diagnostics.Select(d => d.Location.SourceSpan), context.CancellationToken)
                .ConfigureAwait(false));

    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
            return;
        foreach (var diagnostic in context.Diagnostics)
        {
            // Method groups have no arguments to move: no fix.
            if (FindCall(root, diagnostic.Location.SourceSpan) is not { } call ||
                model.GetOperation(call, context.CancellationToken) is not IInvocationOperation op ||
                CallRewrite.TryCreate(op, model.Compilation) is null)
                continue;
            var target = TorchInit.TargetName(op.TargetMethod.Name);
            var title = target == "calculate_gain"
                ? "Call WeightInit's TensorInitExtensions.calculate_gain"
                : $"Call WeightInit's tensor.{target}(...)";
            context.RegisterCodeFix(CodeAction.Create(title,
                ct => FixAsync(context.Document, new[] { diagnostic.Location.SourceSpan }, ct),
                equivalenceKey: diagnostic.Id), diagnostic);
        }
    }

    // Innermost: a call passed as an argument has its ArgumentSyntax's span, and the argument is the outer node.
    static InvocationExpressionSyntax? FindCall(SyntaxNode root, TextSpan span) =>
        root.FindNode(span, getInnermostNodeForTie: true) is { } node
            ? node.AncestorsAndSelf().OfType<InvocationExpressionSyntax>().FirstOrDefault(c => c.Span == span)
            : null;

    static async Task<Document> FixAsync(Document document, IEnumerable<TextSpan> spans, CancellationToken ct)
    {
        var root = await document.GetSyntaxRootAsync(ct).ConfigureAwait(false);
        var model = await document.GetSemanticModelAsync(ct).ConfigureAwait(false);
        if (root is null || model is null)
            return document;

        var rewrites = new Dictionary<InvocationExpressionSyntax, CallRewrite>();
        bool needsUsing = false;
        foreach (var span in spans)
        {
            if (FindCall(root, span) is not { } call || rewrites.ContainsKey(call) ||
                model.GetOperation(call, ct) is not IInvocationOperation op ||
                CallRewrite.TryCreate(op, model.Compilation) is not { } rewrite)
                continue;
            rewrites.Add(call, rewrite);
            needsUsing |= !ExtensionsInScope(model, call.SpanStart);
        }
        if (rewrites.Count == 0)
            return document;

        // Nested calls: the callback gets each call with its inner calls already rewritten.
        var newRoot = root.ReplaceNodes(rewrites.Keys, (original, current) => rewrites[original].Apply(current));
        if (needsUsing && newRoot is CompilationUnitSyntax unit)
            newRoot = AddUsing(unit);
        return document.WithSyntaxRoot(newRoot);
    }

    // True where the name TensorInitExtensions binds to this library's class: a using, a global using, or code
    // inside namespace WeightInit.
    static bool ExtensionsInScope(SemanticModel model, int position) =>
        model.LookupNamespacesAndTypes(position, name: "TensorInitExtensions")
            .Any(s => s.ContainingNamespace?.ToDisplayString() == Namespace);

    static CompilationUnitSyntax AddUsing(CompilationUnitSyntax unit)
    {
        var eol = unit.DescendantTrivia().FirstOrDefault(t => t.IsKind(SyntaxKind.EndOfLineTrivia));
        var newline = eol.IsKind(SyntaxKind.EndOfLineTrivia) ? eol : CarriageReturnLineFeed;
        if (!eol.IsKind(SyntaxKind.EndOfLineTrivia) || eol.ToString() == "\n")
            newline = LineFeed;
        var directive = UsingDirective(IdentifierName(Namespace))
            .WithUsingKeyword(Token(SyntaxKind.UsingKeyword).WithTrailingTrivia(Space))
            .WithTrailingTrivia(newline);
        var usings = unit.Usings;
        if (usings.Count == 0)
        {
            // Before the first member, after the file's header comments, with a blank line.
            var first = unit.GetFirstToken();
            var header = first.LeadingTrivia;
            unit = unit.ReplaceToken(first, first.WithLeadingTrivia());
            return unit.WithUsings(SingletonList(directive.WithLeadingTrivia(header).WithTrailingTrivia(newline, newline)));
        }
        // After the last plain using, so System/TorchSharp usings stay first and using static/aliases stay last.
        int at = 0;
        for (int i = 0; i < usings.Count; i++)
            if (usings[i].StaticKeyword.IsKind(SyntaxKind.None) && usings[i].Alias is null)
                at = i + 1;
        return unit.WithUsings(usings.Insert(at, directive));
    }
}
