using System;
using System.Diagnostics.CodeAnalysis;
using TorchSharp;
using WeightInit.Sampling;
using static TorchSharp.torch;

namespace WeightInit.Engine;

/// <summary>
/// One stream of an <see cref="InitEngine"/>: element i of a fill is the stream's element <see cref="Offset"/> + i,
/// the tensor's elements taken in row-major order. Use it as a scheme's random source
/// (<c>scheme.Apply(tensor, stream)</c>); <see cref="At"/> gives the stream at another element, for shards.
/// </summary>
[SuppressMessage("Naming", "CA1711", Justification = "A stream of counters, as in counter-based RNG papers; no System.IO.Stream.")]
public sealed class CounterStream : RandomSource
{
    /// <summary>Tag of the derived stream that picks sparse_'s zero positions.</summary>
    const ulong SparseMaskTag = 1;

    /// <summary>Bounds of 2Φ−1 up to which the truncated normal's erfinv runs in float (|x| ≲ 3.29σ); beyond, 1 − |p|
    /// is too coarse in float, so it runs in double.</summary>
    const double FloatErfInvLimit = 0.999;

    internal CounterStream(InitEngine engine, string key, ulong id, long offset)
    {
        Engine = engine;
        Key = key;
        Id = id;
        Offset = offset;
    }

    /// <summary>The engine (seed and generator) the stream belongs to.</summary>
    public InitEngine Engine { get; }

    /// <summary>The key the stream was named by.</summary>
    public string Key { get; }

    /// <summary>The stream element the first element of a fill gets.</summary>
    public long Offset { get; }

    /// <summary>The 64 counter bits that name the stream (hash of the key).</summary>
    internal ulong Id { get; }

    /// <summary>A multiplication the next write takes on (see <see cref="MultipliedBy"/>); null for a plain stream.</summary>
    internal Multiplication? Then { get; private init; }

    /// <summary><c>scaled(factor, scheme)</c> in one pass: the one write of a single-draw scheme through this stream is
    /// followed by a multiplication by the factor, with exactly the bits of the draw and then float32
    /// <c>mul_(factor)</c> (or the dtype's own mul_). A float32 tensor gets it inside the kernel, as each value is
    /// made; any other dtype, or a draw staged through float64, gets the mul_ after the write. The multiplication
    /// records that it was done; a second write through it is an error.</summary>
    internal sealed class Multiplication(double factor)
    {
        internal double Factor { get; } = factor;
        internal bool Done { get; private set; }

        internal void Take()
        {
            if (Done) throw new InvalidOperationException("A multiplied stream writes one tensor, once.");
            Done = true;
        }
    }

    /// <summary>This stream, its next write multiplied (see <see cref="Multiplication"/>).</summary>
    internal CounterStream MultipliedBy(Multiplication multiplication) => new(Engine, Key, Id, Offset) { Then = multiplication };

    /// <summary>The same stream starting at element <paramref name="elementOffset"/>: filling rows [a, b) of a
    /// [rows, …] tensor through <c>At(a · row size)</c> gives exactly those rows of the whole fill.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="elementOffset"/> is outside [0, <see cref="Length"/>].</exception>
    public CounterStream At(long elementOffset)
    {
        if (elementOffset < 0 || elementOffset > Length)
            throw new ArgumentOutOfRangeException(nameof(elementOffset), elementOffset, $"must be in [0, 2^62 = {Length}], the elements of a stream");
        return new CounterStream(Engine, Key, Id, elementOffset) { Then = Then };
    }

    /// <summary>Elements per stream: 2^62, far beyond any tensor, and small enough that the kernels' index arithmetic
    /// (offset + count, rounded up to whole groups and chunks) cannot overflow a long.</summary>
    public const long Length = 1L << 62;

    internal override RandomSource Skip(long elements)
    {
        if (elements < 0 || elements > Length - Offset)
            throw new ArgumentOutOfRangeException(nameof(elements), elements, $"{this} skipped by {elements} elements leaves the stream's 2^62 elements");
        return new CounterStream(Engine, Key, Id, Offset + elements) { Then = Then };
    }

    internal override void EnsureRoom(long elements, string paramName)
    {
        if (elements < 0 || elements > Length - Offset)
            throw new ArgumentException($"{this} has no room for {elements} elements: a stream has 2^62, so offset + numel must be at most {Length}", paramName);
    }

    int Dop => Engine.MaxDegreeOfParallelism;

    CounterOp Op(Draw draw, double low, double range, double mean = 0, double scale = 1,
        double clampLow = double.NegativeInfinity, double clampHigh = double.PositiveInfinity) =>
        new(draw, Engine.Generator, Engine.Seed, Id, low, range, mean, scale, clampLow, clampHigh);

    /// <summary>A float64 draw for a float64 target, a float draw for any other.</summary>
    void Write(Tensor target, CounterOp op)
    {
        EnsureRoom(target.numel(), "tensor");
        if (Then is { } m && target.dtype == ScalarType.Float32)
        {
            m.Take();
            CounterTarget.WriteF32(target, op with { Multiplied = true, Multiplier = (float)m.Factor }, Offset, Dop);
            return;
        }
        if (target.dtype == ScalarType.Float64) CounterTarget.WriteF64(target, op, Offset, Dop);
        else CounterTarget.WriteF32(target, op, Offset, Dop);
        MultiplyAfter(target);
    }

    /// <summary>The multiplication of a write whose kernel could not take it: mul_ in the tensor's dtype, as
    /// <c>scaled</c> does after any action.</summary>
    void MultiplyAfter(Tensor target)
    {
        if (Then is not { } m) return;
        m.Take();
        target.mul_(m.Factor);
    }

    void PlainOnly()
    {
        if (Then != null) throw new InvalidOperationException("A multiplied stream only serves the single draw of a scheme.");
    }

    internal override void Uniform(Tensor target, double low, double high) => Write(target, Op(Draw.Uniform, low, high - low));

    internal override void Normal(Tensor target, double mean, double std) => Write(target, Op(Draw.Normal, 0, 0, mean, std));

    /// <summary>PyTorch's method with counter uniforms: p uniform in [2Φ(α)−1, 2Φ(β)−1], x = mean + std·√2·erfinv(p),
    /// clamped to [a, b]. In float with the vectorized erfinv when the bounds allow, else with the one in double.</summary>
    internal override void TruncNormal(Tensor target, double mean, double std, double a, double b)
    {
        // Bounds 8 std or more away cut off less than 1.3e-15 of the mass, which the inverse CDF cannot resolve
        // (2Φ−1 rounds to ±1 even in double), so the draw is the plain normal, clamped. This is the common
        // trunc_normal_(std=0.02) with PyTorch's absolute bounds ±2 (±100 std).
        if ((a - mean) / std <= -8 && (b - mean) / std >= 8)
        {
            Write(target, Op(Draw.Normal, 0, 0, mean, std, a, b));
            return;
        }
        double pLow = 2 * Probability.NormCdf((a - mean) / std) - 1, pHigh = 2 * Probability.NormCdf((b - mean) / std) - 1;
        double scale = std * Math.Sqrt(2.0);
        var op = Op(Draw.TruncNormal, pLow, pHigh - pLow, mean, scale, a, b);
        if (target.dtype == ScalarType.Float64 || Math.Max(Math.Abs(pLow), Math.Abs(pHigh)) <= FloatErfInvLimit)
        {
            Write(target, op); // float64, or float with the vectorized erfinv
            return;
        }
        EnsureRoom(target.numel(), "tensor");
        // Drawn in double and rounded by copy_, in staging pieces: never a double copy of a whole large parameter.
        CounterTarget.Staged(target, ScalarType.Float64, CounterTarget.StagingElements, (work, start) => CounterTarget.WriteF64(work, op, Offset + start, Dop));
        MultiplyAfter(target);
    }

    internal override Tensor StandardNormal(long[] shape, ScalarType dtype, Tensor like)
    {
        PlainOnly();
        var t = empty(shape, dtype, CPU);
        Normal(t, 0, 1);
        return t;
    }

    internal override Tensor StandardUniform(long[] shape, ScalarType dtype, Tensor like)
    {
        PlainOnly();
        var t = empty(shape, dtype, CPU);
        Uniform(t, 0, 1);
        return t;
    }

    /// <summary>Each element gets a 53-bit uniform key from a stream derived from this one; a column's zeros are its
    /// rows with the smallest keys (a uniformly random subset, as a permutation's prefix would be).</summary>
    internal override Tensor SparseRows(long rows, long cols, long zeros)
    {
        PlainOnly();
        EnsureRoom(checked(rows * cols), "tensor");
        var mask = new CounterStream(Engine, Key, StreamKey.Derive(Id, SparseMaskTag), Offset);
        // A random key per (column, row); each column zeroes the rows with its smallest keys: a uniformly random
        // subset. topk over contiguous rows of keys is far cheaper than sorting every column.
        using var keys = empty(new[] { cols, rows }, ScalarType.Float64, CPU);
        mask.Uniform(keys, 0, 1);
        var (values, smallest) = keys.topk(checked((int)zeros), dim: 1, largest: false, sorted: false);
        values.Dispose();
        return smallest.reshape(-1);
    }

    /// <summary>The calls that make this stream, e.g. <c>InitEngine.Counter(42) [stream format 1].Stream("w").At(64)</c>.</summary>
    public override string ToString() => $"{Engine}.Stream(\"{Key}\"){(Offset == 0 ? "" : $".At({Offset})")}";
}
