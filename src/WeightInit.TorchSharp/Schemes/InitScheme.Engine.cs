using System;
using System.Linq;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Sampling;
using static TorchSharp.torch;

namespace WeightInit.Schemes;

// The counter engine's entry points: a stream by engine and key, and shards of one tensor filled apart.
public abstract partial record InitScheme
{
    /// <summary>Fills <paramref name="tensor"/> from <paramref name="engine"/>'s stream <paramref name="streamKey"/>:
    /// <c>Apply(tensor, engine.Stream(streamKey))</c>.</summary>
    /// <exception cref="ArgumentException">The tensor's dtype or shape does not fit, or a value would not fit the dtype (PyTorch's message where it has one); the tensor is unchanged.</exception>
    /// <exception cref="ArgumentNullException">The tensor or source is null.</exception>
    /// <exception cref="ObjectDisposedException">The tensor has been disposed.</exception>
    /// <param name="tensor">The tensor to fill.</param>
    /// <param name="engine">The counter engine.</param>
    /// <param name="streamKey">The stream's key (usually the parameter's qualified name).</param>
    public Tensor Apply(Tensor tensor, InitEngine engine, string streamKey)
    {
        ArgumentNullException.ThrowIfNull(engine);
        return Apply(tensor, engine.Stream(streamKey));
    }

    /// <summary>False when an element's value depends on more than its own random numbers (orthogonal_'s QR,
    /// sparse_'s per-column zeros, eye_, dirac_), so the tensor cannot be filled shard by shard.</summary>
    private protected virtual bool IsElementwise => true;

    /// <summary>Writes a shard; fans (when used) come from the whole tensor's shape.</summary>
    private protected virtual void WritePart(Tensor tensor, RandomSource source, long[] fullShape) => Write(tensor, source);

    /// <summary>Fills <paramref name="shard"/>, rows [rowStart, rowStart + shard rows) along dim 0 of a tensor of
    /// shape <paramref name="fullShape"/>, with exactly the values those rows get when the whole tensor is filled
    /// from <paramref name="stream"/> (fans from the full shape). For elementwise schemes only.</summary>
    /// <param name="shard">The rows to fill.</param>
    /// <param name="fullShape">The whole tensor's shape.</param>
    /// <param name="rowStart">The shard's first row in the whole tensor.</param>
    /// <param name="stream">The whole tensor's stream.</param>
    /// <exception cref="ArgumentException">The scheme does not fit the full shape, the shard's shape does not match it, or the fill would pass the stream's end.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The rows lie outside the full shape.</exception>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <exception cref="ObjectDisposedException">The shard has been disposed.</exception>
    /// <exception cref="NotSupportedException">The scheme couples elements (orthogonal_, sparse_, eye_, dirac_, user schemes).</exception>
    public Tensor ApplyShard(Tensor shard, long[] fullShape, long rowStart, CounterStream stream)
    {
        ArgumentNullException.ThrowIfNull(fullShape);
        ArgumentNullException.ThrowIfNull(stream);
        Check.NotDisposed(shard);
        if (!IsElementwise) throw new NotSupportedException($"{Name} couples elements across the tensor and cannot be applied by shard");
        string full = $"[{string.Join(", ", fullShape)}]";
        if (Array.Exists(fullShape, d => d < 0)) throw new ArgumentException($"the full shape {full} has a negative dim", nameof(fullShape));
        long fullNumel = Count(fullShape, 0, full), rowSize = Count(fullShape, 1, full);
        Validate(fullShape, shard.dtype);
        long[] shape = shard.shape;
        if (fullShape.Length == 0 || shape.Length != fullShape.Length || !shape.Skip(1).SequenceEqual(fullShape.Skip(1)))
            throw new ArgumentException($"a shard of {full} must share all dims but dim 0, but has shape [{string.Join(", ", shape)}]", nameof(shard));
        // rowStart + rows compared without the sum, which overflows for a rowStart near long.MaxValue.
        if (rowStart < 0 || rowStart > fullShape[0] - shape[0])
            throw new ArgumentOutOfRangeException(nameof(rowStart), $"rows [{rowStart}, {rowStart} + {shape[0]}) are outside [0, {fullShape[0]})");
        stream.EnsureRoom(fullNumel, nameof(fullShape));
        if (shard.numel() == 0 || shard.device_type == DeviceType.META) return shard;
        Check.NoInternalOverlap(shard);
        WriteRange(shard, fullShape, rowStart * rowSize, stream); // within the room just checked
        return shard;
    }

    /// <summary>Whether <see cref="WriteRange"/> gives exact parts of the whole fill (false for orthogonal_, sparse_,
    /// eye_, dirac_).</summary>
    internal bool IsShardable => IsElementwise;

    /// <summary>Writes elements [elementStart, elementStart + part.numel()) of the whole fill of a
    /// <paramref name="fullShape"/> tensor into <paramref name="part"/> (row-major), fans from the full shape.
    /// Unchecked: the caller has validated the scheme on the full shape and dtype, the range and the stream's room
    /// (<see cref="ApplyShard"/>, sharded materialization).</summary>
    internal void WriteRange(Tensor part, long[] fullShape, long elementStart, CounterStream stream)
    {
        if (part.numel() == 0 || part.device_type == DeviceType.META) return;
        using (no_grad())
        using (NewDisposeScope())
            WritePart(part, stream.At(stream.Offset + elementStart), fullShape);
    }

    /// <summary>The product of dims from <paramref name="from"/> on; an error naming the shape when it overflows (the
    /// sharding code's element counts too).</summary>
    internal static long Count(long[] fullShape, int from, string text)
    {
        long n = 1;
        try
        {
            for (int i = from; i < fullShape.Length; i++) n = checked(n * fullShape[i]);
        }
        catch (OverflowException)
        {
            throw new ArgumentException($"a tensor of shape {text} has more elements than int64 can count", nameof(fullShape));
        }
        return n;
    }
}
