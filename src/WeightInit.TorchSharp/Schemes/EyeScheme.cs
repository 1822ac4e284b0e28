using System;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Sampling;
using static TorchSharp.torch;

namespace WeightInit.Schemes;

/// <summary>PyTorch's <c>eye_</c>: the identity on a 2-D tensor (ones on the main diagonal of a rectangle).</summary>
public sealed record EyeScheme : InitScheme
{
    /// <inheritdoc/>
    public override string Name => "eye_";
    /// <inheritdoc/>
    public override bool IsRandom => false;
    internal override object[] Values => Array.Empty<object>();
    private protected override void ValidateShape(long[] shape) => Check.Dims(shape, 2, "Only tensors with 2 dimensions are supported", "tensor");

    private protected override bool IsElementwise => false;

    // 0 and 1 fit every dtype.
    private protected override void ValidateValues(long[] shape, ScalarType dtype) { }
    internal override double MaxAbs(long[] shape, ScalarType dtype) => 1;

    private protected override void Write(Tensor tensor, RandomSource source)
    {
        tensor.zero_();
        tensor.diagonal().fill_(1); // a view, so this works on non-contiguous targets too
    }
}
