using TorchSharp;
using WeightInit.Sampling;
using WeightInit.Engine;
using WeightInit.Schemes;
using static TorchSharp.torch;

namespace WeightInit.Policy.Actions;

/// <summary>Applies one <see cref="InitScheme"/> to the parameter.</summary>
public sealed record SchemeAction(InitScheme Scheme) : InitAction
{
    /// <inheritdoc/>
    public override void Validate(ParameterSite site, long[] shape) => Scheme.Validate(shape, site.DType);
    internal override double MaxAbs(ParameterSite site, long[] shape) => Scheme.MaxAbs(shape, site.DType);
    /// <inheritdoc/>
    public override void Apply(Tensor target, ParameterSite site, RandomSource source) => Scheme.Apply(target, source);
    /// <inheritdoc/>
    public override string ToString() => Scheme.ToString();
}
