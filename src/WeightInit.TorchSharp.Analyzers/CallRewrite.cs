using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using static Microsoft.CodeAnalysis.CSharp.SyntaxFactory;

namespace WeightInit.Analyzers;

/// <summary>
/// How one TorchSharp <c>torch.nn.init.f(tensor, args)</c> call becomes this library's <c>tensor.f(args)</c>
/// (or <c>TensorInitExtensions.calculate_gain("name", param)</c>): worked out on the original call's semantics,
/// then applied to its current syntax, whose arguments may already have been rewritten (nested calls in fix all).
/// </summary>
internal sealed class CallRewrite
{
    readonly string _target;
    readonly int _tensorIndex;                       // syntax index of the tensor argument; -1 for calculate_gain
    readonly string?[] _newNames;                    // per syntax argument: a renamed parameter, or null
    readonly ExpressionSyntax?[] _newValues;         // per syntax argument: a replaced value (enum -> string), or null
    readonly bool _uniformFrom, _uniformTo;          // Tensor.uniform_(from, to) has no defaults: supply them
    readonly int _fromIndex;

    CallRewrite(string target, int tensorIndex, string?[] newNames, ExpressionSyntax?[] newValues,
        bool uniformFrom, bool uniformTo, int fromIndex)
    {
        _target = target; _tensorIndex = tensorIndex; _newNames = newNames; _newValues = newValues;
        _uniformFrom = uniformFrom; _uniformTo = uniformTo; _fromIndex = fromIndex;
    }

    /// <summary>The rewrite of a call, or null where none compiles (a non-constant enum, a <c>Scalar</c> value).</summary>
    public static CallRewrite? TryCreate(IInvocationOperation call, Compilation compilation)
    {
        if (call.Syntax is not InvocationExpressionSyntax syntax)
            return null;
        var method = call.TargetMethod;
        var args = syntax.ArgumentList.Arguments;
        var names = new string?[args.Count];
        var values = new ExpressionSyntax?[args.Count];
        int tensorIndex = -1, fromIndex = -1;
        bool hasFrom = false, hasTo = false;
        bool isGain = method.Name == "calculate_gain";
        for (int i = 0; i < args.Count; i++)
        {
            // An argument's operation is rooted at the ArgumentSyntax, except where Roslyn skips a node that is not
            // an operation (`v!`: the operation's syntax is `v`).
            var op = call.Arguments.FirstOrDefault(a => a.Syntax.FirstAncestorOrSelf<ArgumentSyntax>() == args[i]);
            if (op?.Parameter is null || op.ArgumentKind != ArgumentKind.Explicit)
                return null; // params arrays and the like: nothing in torch.nn.init has them
            var parameter = op.Parameter;
            if (!isGain && parameter.Ordinal == 0)
            {
                tensorIndex = i;
                continue;
            }
            switch (method.Name, parameter.Name)
            {
                case ("calculate_gain", "nonlinearity"):
                    if (!Map(op.Value, TorchInit.Nonlinearities, out values[i])) return null;
                    break;
                case ("kaiming_uniform_" or "kaiming_normal_", "nonlinearity"):
                    if (!Map(op.Value, TorchInit.Nonlinearities, out values[i])) return null;
                    break;
                case ("kaiming_uniform_" or "kaiming_normal_", "mode"):
                    if (!Map(op.Value, TorchInit.FanModes, out values[i])) return null;
                    break;
                case ("constant_", "val"):
                    // TorchSharp takes a Scalar, this library a double: only numbers convert.
                    if (!ConvertsToDouble(op.Value, compilation)) return null;
                    break;
                case ("uniform_", "low"):
                    names[i] = "from"; hasFrom = true; fromIndex = i;
                    break;
                case ("uniform_", "high"):
                    names[i] = "to"; hasTo = true;
                    break;
            }
        }
        if (!isGain && tensorIndex < 0)
            return null;
        bool uniform = method.Name == "uniform_";
        return new CallRewrite(TorchInit.TargetName(method.Name), tensorIndex, names, values,
            uniform && !hasFrom, uniform && !hasTo, fromIndex);
    }

    static bool Map(IOperation value, Dictionary<string, string> table, out ExpressionSyntax? literal)
    {
        literal = null;
        var member = TorchInit.EnumMemberName(value);
        if (member is null || !table.TryGetValue(member, out var text))
            return false;
        literal = LiteralExpression(SyntaxKind.StringLiteralExpression, Literal(text));
        return true;
    }

    static bool ConvertsToDouble(IOperation value, Compilation compilation)
    {
        var source = value is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand.Type : value.Type;
        if (source is null)
            return false;
        var conv = compilation.ClassifyConversion(source, compilation.GetSpecialType(SpecialType.System_Double));
        return conv.IsImplicit && !conv.IsUserDefined;
    }

    /// <summary>The replacement of <paramref name="current"/> (the call as it reads now).</summary>
    public ExpressionSyntax Apply(InvocationExpressionSyntax current)
    {
        var oldArgs = current.ArgumentList.Arguments;
        var args = new List<ArgumentSyntax>();
        var separators = new List<SyntaxToken>();
        for (int i = 0; i < oldArgs.Count; i++)
        {
            if (i == _tensorIndex)
                continue;
            var arg = oldArgs[i];
            if (_newValues[i] is { } value)
                arg = arg.WithExpression(value.WithTriviaFrom(arg.Expression));
            if (_newNames[i] is { } name && arg.NameColon is { } nameColon)
                arg = arg.WithNameColon(nameColon.WithName(IdentifierName(name).WithTriviaFrom(nameColon.Name)));
            if (args.Count == 0 && _tensorIndex >= 0 && _tensorIndex < i)
                arg = arg.WithLeadingTrivia(oldArgs[_tensorIndex].GetLeadingTrivia()); // takes the tensor's place
            if (args.Count > 0)
                separators.Add(Separator(oldArgs, i - 1 == _tensorIndex ? i - 2 : i - 1));
            args.Add(arg);
            if (i == _fromIndex && _uniformTo)
                Insert(args, separators, args.Count, NamedArg("to", "1"));
        }
        if (_uniformFrom)
        {
            Insert(args, separators, 0, Argument(Number("0")));
            if (_uniformTo)
                Insert(args, separators, 1, Argument(Number("1")));
        }

        var list = ArgumentList(SeparatedList(args, separators))
            .WithOpenParenToken(current.ArgumentList.OpenParenToken)
            .WithCloseParenToken(current.ArgumentList.CloseParenToken);
        ExpressionSyntax callee = _tensorIndex < 0
            ? MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, IdentifierName("TensorInitExtensions"),
                IdentifierName(_target))
            : MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression,
                Receiver(oldArgs[_tensorIndex].Expression), IdentifierName(_target));
        return InvocationExpression(callee, list).WithTriviaFrom(current);
    }

    static SyntaxToken Separator(SeparatedSyntaxList<ArgumentSyntax> args, int index) =>
        index >= 0 && index < args.SeparatorCount ? args.GetSeparator(index) : Comma();

    static SyntaxToken Comma() => Token(SyntaxKind.CommaToken).WithTrailingTrivia(Space);

    static void Insert(List<ArgumentSyntax> args, List<SyntaxToken> separators, int at, ArgumentSyntax arg)
    {
        args.Insert(at, arg);
        if (args.Count > 1)
            separators.Insert(System.Math.Min(at, separators.Count), Comma());
    }

    static ArgumentSyntax NamedArg(string name, string number) =>
        Argument(NameColon(IdentifierName(name)).WithTrailingTrivia(Space), default, Number(number));

    static LiteralExpressionSyntax Number(string text) =>
        LiteralExpression(SyntaxKind.NumericLiteralExpression, Literal(text, int.Parse(text, CultureInfo.InvariantCulture)));

    // Member access binds tighter than most expressions: parenthesize all but the primary ones.
    static ExpressionSyntax Receiver(ExpressionSyntax tensor)
    {
        var bare = tensor.WithoutTrivia();
        return bare switch
        {
            IdentifierNameSyntax or GenericNameSyntax or MemberAccessExpressionSyntax or InvocationExpressionSyntax
                or ElementAccessExpressionSyntax or ThisExpressionSyntax or ParenthesizedExpressionSyntax => bare,
            PostfixUnaryExpressionSyntax { RawKind: (int)SyntaxKind.SuppressNullableWarningExpression } => bare,
            _ => ParenthesizedExpression(bare),
        };
    }
}
