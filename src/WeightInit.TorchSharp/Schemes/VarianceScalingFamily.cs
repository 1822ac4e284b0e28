using System;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Sampling;
using static TorchSharp.torch;

namespace WeightInit.Schemes;

/// <summary>
/// The one generalization behind Xavier/Glorot, Kaiming/He, LeCun and JAX's variance_scaling: draw zero-mean values
/// whose std is a function of the weight's fans, from a uniform, normal or truncated normal distribution. Members
/// differ only in how they turn fans into a std, each in its source's own arithmetic so the bits match.
/// </summary>
public abstract record VarianceScalingFamily : InitScheme
{
    private protected VarianceScalingFamily() { }

    /// <summary>The distribution drawn from.</summary>
    public abstract Distribution Distribution { get; }

    /// <summary>Standard deviation for these fans.</summary>
    public abstract double Std(long fanIn, long fanOut);

    /// <summary>Half-width of the uniform draw: sqrt(3)·std, as PyTorch writes it.</summary>
    public virtual double UniformBound(long fanIn, long fanOut) => Math.Sqrt(3.0) * Std(fanIn, fanOut);

    /// <inheritdoc />
    private protected sealed override void ValidateShape(long[] shape) => Fans.Compute(shape);

    /// <summary>The derived std (or uniform bound) must fit the dtype: PyTorch's uniform_ bounds check for the
    /// uniform draw, the normal and truncated normal checks otherwise.</summary>
    private protected sealed override void ValidateValues(long[] shape, ScalarType dtype)
    {
        var (fanIn, fanOut) = Fans.Compute(shape);
        SchemeDraws.CheckZeroMean(Name, Distribution, Std(fanIn, fanOut), Distribution == Distribution.Uniform ? UniformBound(fanIn, fanOut) : 0, dtype);
    }

    internal sealed override double MaxAbs(long[] shape, ScalarType dtype)
    {
        var (fanIn, fanOut) = Fans.Compute(shape);
        return SchemeDraws.ZeroMeanMaxAbs(Distribution, Std(fanIn, fanOut), Distribution == Distribution.Uniform ? UniformBound(fanIn, fanOut) : 0, dtype);
    }

    /// <inheritdoc />
    private protected sealed override void Write(Tensor tensor, RandomSource source) => WritePart(tensor, source, tensor.shape);

    internal sealed override bool DrawsOnce => true;

    /// <summary>Fans come from <paramref name="fullShape"/>, which is the tensor's own unless this is a shard.</summary>
    private protected sealed override void WritePart(Tensor tensor, RandomSource source, long[] fullShape)
    {
        var (fanIn, fanOut) = Fans.Compute(fullShape);
        double std = Std(fanIn, fanOut);
        double bound = Distribution == Distribution.Uniform ? UniformBound(fanIn, fanOut) : 0;
        SchemeDraws.ZeroMean(tensor, Distribution, std, bound, source);
    }
}
