using TorchSharp;
using static TorchSharp.torch;

namespace WeightInit.Sampling;

/// <summary>
/// Where a scheme's random numbers come from. Two kinds: <see cref="Torch"/>, libtorch's generator (a
/// <see cref="Generator"/> or the global one; PyTorch's values, the default everywhere), and a
/// <see cref="WeightInit.Engine.CounterStream"/> of an <see cref="WeightInit.Engine.InitEngine"/>, whose values are a pure function of (seed, stream key,
/// element index). Schemes ask for the few draws below and never touch a generator themselves.
/// </summary>
public abstract class RandomSource
{
    private protected RandomSource() { }

    /// <summary>libtorch's generator; null means the global one (<c>torch.manual_seed</c>).</summary>
    /// <param name="generator">The generator the draws advance, as PyTorch's <c>generator=</c> argument.</param>
    public static RandomSource Torch(Generator? generator = null) =>
        generator == null ? TorchSource.Global : new TorchSource(generator);

    /// <summary>Fills the target with U(low, high).</summary>
    internal abstract void Uniform(Tensor target, double low, double high);

    /// <summary>Fills the target with N(mean, std²).</summary>
    internal abstract void Normal(Tensor target, double mean, double std);

    /// <summary>Fills the target with N(mean, std²) truncated to [a, b] by the inverse CDF.</summary>
    internal abstract void TruncNormal(Tensor target, double mean, double std, double a, double b);

    /// <summary>A new tensor of standard normals, of <paramref name="dtype"/>, on the device where this source draws
    /// for <paramref name="like"/> (orthogonal_'s matrix before QR).</summary>
    internal abstract Tensor StandardNormal(long[] shape, ScalarType dtype, Tensor like);

    /// <summary>A new tensor of U(0, 1) (Mamba's dt), as <see cref="StandardNormal"/>.</summary>
    internal abstract Tensor StandardUniform(long[] shape, ScalarType dtype, Tensor like);

    /// <summary>sparse_'s zero positions: for each column in order, <paramref name="zeros"/> distinct rows of
    /// <paramref name="rows"/> chosen uniformly; one flat int64 tensor, column after column.</summary>
    internal abstract Tensor SparseRows(long rows, long cols, long zeros);

    /// <summary>The source for a part of the target that starts <paramref name="elements"/> elements in (a block of a
    /// fused weight). A torch generator is sequential, so it is itself; a counter stream moves its offset.</summary>
    internal abstract RandomSource Skip(long elements);

    /// <summary>Throws ArgumentException unless a fill of <paramref name="elements"/> elements fits the source (a
    /// counter stream's elements end at 2^62); called before the first write. <paramref name="paramName"/> names
    /// the public caller's parameter the fill is for.</summary>
    internal virtual void EnsureRoom(long elements, string paramName) { }
}
