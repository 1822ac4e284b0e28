using System;
using System.Collections.Generic;
using System.Linq;
using TorchSharp;
using WeightInit.Sampling;
using static TorchSharp.torch;

namespace WeightInit.Schemes;

/// <summary>
/// The base of user schemes. Derive a record, register it by name in a <see cref="SchemeRegistry"/> (or a policy's
/// <c>InitRegistry</c>), and it is parsed, printed (<see cref="InitScheme.ToString"/> writes
/// <see cref="InitScheme.Name"/>(arguments) from <see cref="Parameters"/> and <see cref="Arguments"/>), stored in
/// policy JSON, validated before any write (<see cref="ValidateTarget"/>, so a policy stays all or nothing) and
/// applied like a built-in scheme:
/// <code>
/// sealed record ScaledIdentity(double Alpha) : CustomScheme
/// {
///     public static readonly SchemeParameter[] Signature = { new("alpha", ParameterKind.Number, 1.0) };
///     public override string Name => "scaled_identity_";
///     public override IReadOnlyList&lt;SchemeParameter&gt; Parameters => Signature;
///     public override IReadOnlyList&lt;object&gt; Arguments => new object[] { Alpha };
///     public override bool IsRandom => false;
///     protected override void ValidateTarget(long[] shape, ScalarType dtype) { /* throw ArgumentException */ }
///     protected override void Fill(Tensor tensor, RandomSource source) { /* write tensor */ }
/// }
/// var registry = SchemeRegistry.BuiltIn.With("scaled_identity_", ScaledIdentity.Signature, a => new ScaledIdentity((double)a[0]));
/// </code>
/// A random scheme draws through the tensor methods that take a source (<c>tensor.normal_(source, 0, std)</c>), so
/// it follows a Generator or a counter engine like the built-in ones. User schemes are not applied shard by shard
/// (<see cref="InitScheme.ApplyShard"/> refuses them).
/// </summary>
public abstract record CustomScheme : InitScheme
{
    /// <summary>For derived records.</summary>
    protected CustomScheme() { }

    /// <summary>The parameters in positional order, as registered (the registry checks that they agree).</summary>
    public abstract IReadOnlyList<SchemeParameter> Parameters { get; }

    /// <summary>The argument values, one per parameter in the same order: a double for a Number, a long for an
    /// Integer, a string for a Word. <see cref="InitScheme.ToString"/> prints those that differ from the defaults.</summary>
    public abstract IReadOnlyList<object> Arguments { get; }

    /// <summary>Throws an <see cref="ArgumentException"/> when the scheme cannot fill a tensor of this shape and
    /// dtype; called before any write (by <see cref="InitScheme.Apply(Tensor, RandomSource)"/>, <see cref="InitScheme.Validate"/>
    /// and a policy's plan). For a random scheme, a non-floating dtype is already refused.</summary>
    /// <param name="shape">The tensor's shape.</param>
    /// <param name="dtype">The tensor's dtype.</param>
    protected abstract void ValidateTarget(long[] shape, ScalarType dtype);

    /// <summary>Writes the values; the target has elements, is validated, and grad is off. Temporaries are disposed
    /// by the caller's dispose scope.</summary>
    /// <param name="tensor">The target (a parameter, or a block view of one).</param>
    /// <param name="source">Where random numbers come from: pass it to the tensor methods that take a source.</param>
    protected abstract void Fill(Tensor tensor, RandomSource source);

    /// <summary>A bound on |value| of everything written to a tensor of this shape and dtype, so
    /// <c>scaled(factor, ...)</c> can check its product fits the dtype; null (the default) when unknown, and then
    /// that check is skipped.</summary>
    /// <param name="shape">The tensor's shape.</param>
    /// <param name="dtype">The tensor's dtype.</param>
    protected virtual double? LargestMagnitude(long[] shape, ScalarType dtype) => null;

    internal sealed override object[] Values => Arguments?.ToArray() ?? Array.Empty<object>();
    private protected sealed override bool IsElementwise => false;
    private protected sealed override void ValidateFor(long[] shape, ScalarType dtype) => ValidateTarget(shape, dtype);
    private protected sealed override void ValidateValues(long[] shape, ScalarType dtype) { }
    internal sealed override double MaxAbs(long[] shape, ScalarType dtype) => LargestMagnitude(shape, dtype) ?? double.NaN;
    private protected sealed override void Write(Tensor tensor, RandomSource source) => Fill(tensor, source);
}
