using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Sampling;
using static TorchSharp.torch;

namespace WeightInit.Schemes;

/// <summary>PyTorch's <c>dirac_(groups=1)</c>: a 3-5 dim convolution weight that passes its input through, one
/// identity per group (the centre tap of channel d feeds output d of each group).</summary>
public sealed record DiracScheme : InitScheme
{
    /// <summary>The identity convolution in each of <paramref name="groups"/> groups.</summary>
    /// <param name="groups">The number of groups along dim 0.</param>
    /// <exception cref="System.ArgumentException"><paramref name="groups"/> is not positive.</exception>
    public DiracScheme(int groups = 1)
    {
        if (groups < 1) throw new ArgumentException($"groups must be a positive integer, but found {groups}", nameof(groups));
        Groups = groups;
    }

    /// <summary>The number of groups.</summary>
    public int Groups { get; }
    /// <inheritdoc/>
    public override string Name => "dirac_";
    /// <inheritdoc/>
    public override bool IsRandom => false;
    internal override object[] Values => new object[] { (long)Groups };

    [SuppressMessage("Usage", "CA2208", Justification = "Thrown for the tensor of InitScheme.Apply(tensor), which calls it.")]
    private protected override void ValidateShape(long[] shape)
    {
        if (shape.Length is < 3 or > 5) throw new ArgumentException("Only tensors with 3, 4, or 5 dimensions are supported", "tensor");
        if (shape[0] % Groups != 0) throw new ArgumentException("dim 0 must be divisible by groups", "tensor");
    }

    private protected override bool IsElementwise => false;

    // 0 and 1 fit every dtype.
    private protected override void ValidateValues(long[] shape, ScalarType dtype) { }
    internal override double MaxAbs(long[] shape, ScalarType dtype) => 1;

    private protected override void Write(Tensor tensor, RandomSource source)
    {
        long[] shape = tensor.shape;
        long perGroup = shape[0] / Groups, minDim = Math.Min(perGroup, shape[1]);
        // One index list per dimension: (g·perGroup + d, d, centre, centre, ...) for every group g and channel d.
        var index = new List<long>[shape.Length];
        for (int k = 0; k < shape.Length; k++) index[k] = new List<long>();
        for (long g = 0; g < Groups; g++)
            for (long d = 0; d < minDim; d++)
            {
                index[0].Add(g * perGroup + d);
                index[1].Add(d);
                for (int k = 2; k < shape.Length; k++) index[k].Add(shape[k] / 2);
            }
        tensor.zero_();
        if (index[0].Count == 0) return;
        var indices = new Tensor[shape.Length];
        for (int k = 0; k < shape.Length; k++) indices[k] = torch.tensor(index[k].ToArray(), device: tensor.device);
        tensor.index_put_(1, indices);
    }
}
