using System;
using TorchSharp;
using WeightInit.Internal;
using static TorchSharp.torch;

namespace WeightInit.Schemes;

/// <summary>PyTorch's <c>sparse_(sparsity, std=0.01)</c> (Martens, 2010): N(0, std²), then ceil(sparsity·rows) entries
/// of every column set to zero, rows picked by a random permutation per column. With a generator the permutations
/// come from it too (PyTorch 2.x draws them from the global generator; passing it through is the pending upstream fix).</summary>
public sealed record SparseScheme : InitScheme
{
    public SparseScheme(double sparsity, double std = 0.01)
    {
        Check.Finite(sparsity, nameof(sparsity));
        if (sparsity is < 0 or > 1)
            throw new ArgumentException($"sparsity must be in [0, 1], but found {Check.Num(sparsity)}", nameof(sparsity));
        Sparsity = sparsity;
        Std = Check.NonNegative(std, nameof(std));
    }

    public double Sparsity { get; }
    public double Std { get; }
    public override string Name => "sparse_";
    internal override object[] Values => new object[] { Sparsity, Std };
    protected override void ValidateShape(long[] shape) => Check.Dims(shape, 2, "Only tensors with 2 dimensions are supported");

    protected override void Write(Tensor tensor, Generator? generator) => Workspace.Fill(tensor, generator, t =>
    {
        long rows = t.shape[0], cols = t.shape[1];
        long zeros = (long)Math.Ceiling(Sparsity * rows);
        t.normal_(0, Std, generator);
        if (zeros == 0) return;
        // The permutations are drawn in PyTorch's order (one per column, after the normal draw), then applied at once.
        var rowIndex = new Tensor[cols];
        for (long c = 0; c < cols; c++)
            rowIndex[c] = randperm(rows, generator: generator, device: generator?.device).narrow(0, 0, zeros);
        var rowsToZero = cat(rowIndex, 0).to(t.device);
        var colsToZero = arange(cols, device: t.device).repeat_interleave(zeros);
        t.index_put_(0, rowsToZero, colsToZero);
    });
}
