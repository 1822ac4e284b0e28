using System;
using System.Collections.Generic;
using TorchSharp;
using WeightInit.Schemes;
using static TorchSharp.torch;

namespace WeightInit.Deferred;

/// <summary>
/// Which part of one parameter a rank holds: the whole (<see cref="Replicated"/>), rows of dim 0
/// (<see cref="Rows"/>), columns of dim 1 (<see cref="Columns"/>) or a range of the flattened elements
/// (<see cref="Flat"/>). An immutable value; <see cref="LocalShape"/> and <see cref="Slice"/> say what that part is
/// for a parameter of a given shape.
/// </summary>
public sealed record ShardSpec
{
    ShardSpec(ShardKind kind, long start, long count)
    {
        Kind = kind;
        Start = start;
        Count = count;
    }

    /// <summary>How the parameter is cut.</summary>
    public ShardKind Kind { get; }

    /// <summary>First row, column or flat element of the part (0 when replicated).</summary>
    public long Start { get; }

    /// <summary>Rows, columns or elements in the part (−1 when replicated: all of them).</summary>
    public long Count { get; }

    /// <summary>The whole parameter.</summary>
    public static ShardSpec Replicated { get; } = new(ShardKind.Replicated, 0, -1);

    /// <summary>Rows [start, start + count) of dim 0.</summary>
    /// <exception cref="ArgumentOutOfRangeException">start or count is negative.</exception>
    public static ShardSpec Rows(long start, long count) => new(ShardKind.Rows, NonNegative(start, nameof(start)), NonNegative(count, nameof(count)));

    /// <summary>Columns [start, start + count) of dim 1.</summary>
    /// <exception cref="ArgumentOutOfRangeException">start or count is negative.</exception>
    public static ShardSpec Columns(long start, long count) => new(ShardKind.Columns, NonNegative(start, nameof(start)), NonNegative(count, nameof(count)));

    /// <summary>Elements [start, start + count) of the flattened parameter (row-major).</summary>
    /// <exception cref="ArgumentOutOfRangeException">start or count is negative.</exception>
    public static ShardSpec Flat(long start, long count) => new(ShardKind.Flat, NonNegative(start, nameof(start)), NonNegative(count, nameof(count)));

    static long NonNegative(long value, string name) =>
        value >= 0 ? value : throw new ArgumentOutOfRangeException(name, value, "must be non-negative");

    /// <summary>The shape of the part of a parameter of shape <paramref name="fullShape"/>: rows
    /// <c>[count, d1, …]</c>, columns <c>[d0, count, d2, …]</c>, flat <c>[count]</c>, replicated the full shape.</summary>
    /// <exception cref="ArgumentException">The part does not fit the shape (too few dims, a range past the end, more
    /// elements than int64 counts); the message names the shape.</exception>
    public long[] LocalShape(long[] fullShape)
    {
        ArgumentNullException.ThrowIfNull(fullShape);
        string text = ShapeText(fullShape);
        if (Array.Exists(fullShape, d => d < 0)) throw new ArgumentException($"the shape {text} has a negative dim", nameof(fullShape));
        long numel = Numel(fullShape, 0, text);
        var shape = (long[])fullShape.Clone();
        switch (Kind)
        {
            case ShardKind.Replicated: return shape;
            case ShardKind.Rows:
                if (fullShape.Length < 1) throw new ArgumentException($"{this} needs a parameter with at least 1 dim, but its shape is {text}", nameof(fullShape));
                Within(fullShape[0], "rows", text);
                shape[0] = Count;
                return shape;
            case ShardKind.Columns:
                if (fullShape.Length < 2) throw new ArgumentException($"{this} needs a parameter with at least 2 dims, but its shape is {text}", nameof(fullShape));
                Within(fullShape[1], "dim 1", text);
                shape[1] = Count;
                return shape;
            default:
                Within(numel, "elements", text);
                return new[] { Count };
        }
    }

    // start + count compared without the sum, which can overflow.
    void Within(long size, string what, string text)
    {
        if (Start > size || Count > size - Start)
            throw new ArgumentException($"{this} is outside the {size} {what} of a parameter of shape {text}");
    }

    /// <summary>The part of <paramref name="full"/> this spec names, as a new contiguous tensor of
    /// <see cref="LocalShape"/> (on full's device, of its dtype): how a checkpoint or a whole materialization is cut
    /// the same way.</summary>
    /// <exception cref="ArgumentException">The part does not fit the tensor's shape.</exception>
    public Tensor Slice(Tensor full)
    {
        ArgumentNullException.ThrowIfNull(full);
        LocalShape(full.shape);
        using var scope = NewDisposeScope();
        Tensor part = Kind switch
        {
            ShardKind.Replicated => full.detach(),
            ShardKind.Rows => full.detach().narrow(0, Start, Count),
            ShardKind.Columns => full.detach().narrow(1, Start, Count),
            _ => full.detach().reshape(-1).narrow(0, Start, Count),
        };
        return (part.is_contiguous() ? part.clone() : part.contiguous()).MoveToOuterDisposeScope();
    }

    /// <summary>The part as contiguous runs of the whole parameter's row-major elements; <see cref="LocalShape"/>
    /// has checked the fit. Empty runs are left out.</summary>
    internal List<ShardRun> Runs(long[] fullShape)
    {
        LocalShape(fullShape);
        var runs = new List<ShardRun>();
        string text = ShapeText(fullShape);
        switch (Kind)
        {
            case ShardKind.Replicated: Add(0, 0, Numel(fullShape, 0, text)); break;
            case ShardKind.Rows:
                long row = Numel(fullShape, 1, text);
                Add(Start * row, 0, Count * row); // within numel, checked by LocalShape
                break;
            case ShardKind.Columns:
                long inner = Numel(fullShape, 2, text), d1 = fullShape[1];
                if (Count * inner == 0) break;
                for (long i = 0; i < fullShape[0]; i++) Add((i * d1 + Start) * inner, i * Count * inner, Count * inner);
                break;
            default: Add(Start, 0, Count); break;
        }
        return runs;

        void Add(long global, long local, long length)
        {
            if (length > 0) runs.Add(new ShardRun(global, local, length));
        }
    }

    internal static long Numel(long[] shape, int from, string text) => InitScheme.Count(shape, from, text);

    internal static string ShapeText(long[] shape) => "[" + string.Join(", ", shape) + "]";

    /// <summary><c>replicated</c>, <c>rows [0, 512)</c>, <c>columns [256, 512)</c>, <c>flat [0, 1000)</c>.</summary>
    public override string ToString() => Kind switch
    {
        ShardKind.Replicated => "replicated",
        ShardKind.Rows => $"rows [{Start}, {Start + Count})",
        ShardKind.Columns => $"columns [{Start}, {Start + Count})",
        _ => $"flat [{Start}, {Start + Count})",
    };
}
