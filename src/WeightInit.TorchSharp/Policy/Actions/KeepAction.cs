using TorchSharp;
using WeightInit.Sampling;
using WeightInit.Engine;
using static TorchSharp.torch;

namespace WeightInit.Policy.Actions;

/// <summary><c>keep</c>: the parameter is not written (pretrained or frozen parts).</summary>
public sealed record KeepAction : InitAction
{
    internal static readonly KeepAction Instance = new();
    KeepAction() { }
    /// <inheritdoc/>
    public override bool IsKeep => true;
    /// <inheritdoc/>
    public override void Validate(ParameterSite site, long[] shape) { }
    internal override double MaxAbs(ParameterSite site, long[] shape) => 0;
    /// <inheritdoc/>
    public override void Apply(Tensor target, ParameterSite site, RandomSource source) { }
    /// <inheritdoc/>
    public override string ToString() => "keep";
}
