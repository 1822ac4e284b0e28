using System;
using TorchSharp;
using WeightInit.Sampling;
using WeightInit.Engine;
using static TorchSharp.torch;

namespace WeightInit.Policy.Actions;

/// <summary><c>blocks(n, action)</c>: a weight that stacks n matrices along dim 0 (fused Q/K/V, RNN gates) is
/// initialized block by block through views, each with its own fans, so Xavier on a fused QKV equals Xavier on
/// three separate projections.</summary>
public sealed record BlocksAction : InitAction
{
    /// <summary>n blocks along dim 0, each initialized by <paramref name="inner"/>.</summary>
    /// <param name="count">The number of blocks (3 for Q/K/V, 4 for LSTM gates).</param>
    /// <param name="inner">What each block gets.</param>
    /// <exception cref="System.ArgumentException"><paramref name="count"/> is not positive, or <paramref name="inner"/> is keep.</exception>
    /// <exception cref="System.ArgumentNullException"><paramref name="inner"/> is null.</exception>
    public BlocksAction(int count, InitAction inner)
    {
        if (count < 1) throw new ArgumentException($"blocks needs a positive count, but found {count}", nameof(count));
        Count = count;
        Inner = inner ?? throw new ArgumentNullException(nameof(inner));
        if (inner.IsKeep) throw new ArgumentException("blocks(keep) is meaningless; use keep", nameof(inner));
    }

    /// <summary>The number of blocks.</summary>
    public int Count { get; }
    /// <summary>What each block gets.</summary>
    public InitAction Inner { get; }
    /// <inheritdoc/>
    public override bool Marks => Inner.Marks;

    /// <inheritdoc/>
    public override void Validate(ParameterSite site, long[] shape)
    {
        if (shape.Length == 0 || shape[0] % Count != 0)
            throw new ArgumentException($"blocks({Count}) needs dim 0 divisible by {Count}, but the shape is [{string.Join(", ", shape)}]");
        Inner.Validate(site, BlockShape(shape));
    }

    internal override double MaxAbs(ParameterSite site, long[] shape) => Inner.MaxAbs(site, BlockShape(shape));

    /// <inheritdoc/>
    public override void Apply(Tensor target, ParameterSite site, RandomSource source)
    {
        // Nothing to write, so no block to visit (blocks(10^6, ...) on an empty weight).
        if (target.numel() == 0) return;
        source.EnsureRoom(target.numel(), "tensor"); // before the first block is written
        long size = target.shape[0] / Count;
        for (int i = 0; i < Count; i++)
        {
            using var block = target.narrow(0, i * size, size);
            // A counter stream moves to the block's first element, so blocks get distinct values (and a uniform or
            // normal over blocks equals the same draw over the whole weight); a torch generator just continues.
            Inner.Apply(block, site, source.Skip(checked(i * block.numel())));
        }
    }

    long[] BlockShape(long[] shape)
    {
        var block = (long[])shape.Clone();
        block[0] /= Count;
        return block;
    }

    /// <inheritdoc/>
    public override string ToString() => $"blocks({Count}, {Inner})";
}
