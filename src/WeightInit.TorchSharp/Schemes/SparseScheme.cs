using System;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Sampling;
using static TorchSharp.torch;

namespace WeightInit.Schemes;

/// <summary>PyTorch's <c>sparse_(sparsity, std=0.01)</c> (Martens, 2010): N(0, std²), then ceil(sparsity·rows) entries
/// of every column set to zero, rows picked by a random permutation per column. With a generator the permutations
/// come from it too (PyTorch 2.x draws them from the global generator; passing it through is the pending upstream fix).</summary>
public sealed record SparseScheme : InitScheme
{
    /// <summary>N(0, <paramref name="std"/>²) with a fraction <paramref name="sparsity"/> of each column zero.</summary>
    /// <param name="sparsity">The fraction of each column set to zero, in [0, 1].</param>
    /// <param name="std">The standard deviation.</param>
    /// <exception cref="System.ArgumentException">Sparsity outside [0, 1], or a negative or non-finite std.</exception>
    public SparseScheme(double sparsity, double std = 0.01)
    {
        Check.Finite(sparsity, nameof(sparsity));
        if (sparsity is < 0 or > 1)
            throw new ArgumentException($"sparsity must be in [0, 1], but found {Check.Num(sparsity)}", nameof(sparsity));
        Sparsity = sparsity;
        Std = Check.NonNegative(std, nameof(std));
    }

    /// <summary>The fraction of each column set to zero.</summary>
    public double Sparsity { get; }
    /// <summary>The standard deviation.</summary>
    public double Std { get; }
    /// <inheritdoc/>
    public override string Name => "sparse_";
    internal override object[] Values => new object[] { Sparsity, Std };
    private protected override void ValidateShape(long[] shape) => Check.Dims(shape, 2, "Only tensors with 2 dimensions are supported", "tensor");

    private protected override bool IsElementwise => false;

    private protected override void ValidateValues(long[] shape, ScalarType dtype) => SchemeDraws.CheckNormal(Name, 0, Std, dtype);
    internal override double MaxAbs(long[] shape, ScalarType dtype) => SchemeDraws.NormalMaxAbs(0, Std);

    private protected override void Write(Tensor tensor, RandomSource source)
    {
        long rows = tensor.shape[0], cols = tensor.shape[1];
        long zeros = (long)Math.Ceiling(Sparsity * rows);
        source.Normal(tensor, 0, Std);
        if (zeros == 0) return;
        // The zero rows are drawn after the values (PyTorch's order for the torch source), then applied at once.
        var rowsToZero = source.SparseRows(rows, cols, zeros).to(tensor.device);
        var colsToZero = arange(cols, device: tensor.device).repeat_interleave(zeros);
        tensor.index_put_(0, rowsToZero, colsToZero);
    }
}
