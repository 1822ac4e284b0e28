using System;
using System.Collections.Generic;
using static TorchSharp.torch;

namespace WeightInit.Deferred;

/// <summary>One parameter's local part on a rank: its name, the full parameter's shape and dtype, the part
/// (<see cref="Spec"/>) and the tensor holding it, and what filled it.</summary>
public sealed class ShardedParameter
{
    internal ShardedParameter(string name, long[] fullShape, ScalarType dtype, ShardSpec spec, Tensor local,
        string action, string rule, bool computedWhole, IReadOnlyList<string> aliases)
    {
        Name = name;
        _fullShape = fullShape;
        DType = dtype;
        Spec = spec;
        Local = local;
        Action = action;
        Rule = rule;
        ComputedWhole = computedWhole;
        Aliases = aliases;
    }

    readonly long[] _fullShape;

    /// <summary>The qualified name (its first name, for a tied tensor).</summary>
    public string Name { get; }

    /// <summary>The whole parameter's shape (a copy).</summary>
    public long[] FullShape => (long[])_fullShape.Clone();

    /// <summary>The parameter's dtype, which the local part has too.</summary>
    public ScalarType DType { get; }

    /// <summary>Which part of the parameter this rank holds.</summary>
    public ShardSpec Spec { get; }

    /// <summary>The local part, of shape <c>Spec.LocalShape(FullShape)</c>; owned by the <see cref="ShardedState"/>.</summary>
    public Tensor Local { get; }

    /// <summary>The action that filled it (its text form), or <c>kept</c> for values sliced from an eager module.</summary>
    public string Action { get; }

    /// <summary>The deciding policy rule, as in the init report.</summary>
    public string Rule { get; }

    /// <summary>True when the action couples elements (orthogonal_, sparse_, eye_, dirac_, mamba_dt_bias,
    /// lstm_forget_bias, actions this library does not know), so the whole parameter (or the whole block of a
    /// <c>blocks</c> action) was computed, sliced and freed: a transient cost of one whole parameter's memory.</summary>
    public bool ComputedWhole { get; }

    /// <summary>Other names of the same tensor (tied weights), which share this part.</summary>
    public IReadOnlyList<string> Aliases { get; }

    /// <summary><c>name [full shape] rows [a, b) → [local shape] action</c>.</summary>
    public override string ToString() =>
        $"{Name} {ShardSpec.ShapeText(_fullShape)} {Spec} -> {ShardSpec.ShapeText(Local.shape)} {Action}";
}
