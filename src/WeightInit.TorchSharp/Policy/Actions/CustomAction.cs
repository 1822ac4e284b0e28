using System;
using System.Collections.Generic;
using WeightInit.Schemes;
using static TorchSharp.torch;

namespace WeightInit.Policy.Actions;

/// <summary>
/// The base of user actions: what a rule does to a parameter, with the layer at hand (<see cref="ParameterSite"/>:
/// its owner, siblings, name). Derive a record, override <see cref="InitAction.Validate"/> (throw an
/// <see cref="ArgumentException"/> for a parameter it cannot fit; a plan calls it on every parameter before any write,
/// so ApplyInit stays all or nothing) and <see cref="InitAction.Apply(Tensor, ParameterSite, WeightInit.Sampling.RandomSource)"/>
/// (grad is off), and register it by name with <see cref="InitRegistry.WithAction"/>. Its text form
/// (<see cref="ToString"/>) is <see cref="Name"/>(arguments), which <see cref="InitAction.Parse(string, InitRegistry)"/>
/// and <see cref="InitPolicy.FromJson(string, InitRegistry)"/> read back.
/// </summary>
public abstract record CustomAction : InitAction
{
    /// <summary>For derived records.</summary>
    protected CustomAction() { }

    /// <summary>The registered name, e.g. <c>"half_normal"</c>.</summary>
    public abstract string Name { get; }

    /// <summary>The parameters in positional order, as registered (the registry checks that they agree).</summary>
    public abstract IReadOnlyList<SchemeParameter> Parameters { get; }

    /// <summary>The argument values, one per parameter in the same order: a double for a Number, a long for an
    /// Integer, a string for a Word. <see cref="ToString"/> prints those that differ from the defaults.</summary>
    public abstract IReadOnlyList<object> Arguments { get; }

    /// <summary>A bound on |value| of everything the action writes to a parameter of this shape, so
    /// <c>scaled(factor, ...)</c> can check its product fits the dtype; null (the default) when unknown, and then
    /// that check is skipped.</summary>
    /// <param name="site">The parameter's site.</param>
    /// <param name="shape">The shape written (a block's, inside <c>blocks</c>).</param>
    protected virtual double? LargestMagnitude(ParameterSite site, long[] shape) => null;

    internal sealed override double MaxAbs(ParameterSite site, long[] shape) => LargestMagnitude(site, shape) ?? double.NaN;

    /// <summary>The call form: <see cref="Name"/>, then the arguments that differ from their defaults, by keyword.</summary>
    public sealed override string ToString() => SchemeText.FormatCall(Name, Parameters, Arguments);
}
