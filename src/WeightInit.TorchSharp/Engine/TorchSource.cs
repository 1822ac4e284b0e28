using System;
using TorchSharp;
using WeightInit.Internal;
using static TorchSharp.torch;

namespace WeightInit.Engine;

/// <summary>libtorch's generator, drawn exactly as PyTorch's init.py draws (see <see cref="Workspace"/> for where),
/// so the PyTorch fixtures match bit for bit.</summary>
internal sealed class TorchSource : RandomSource
{
    internal static readonly TorchSource Global = new(null);

    internal TorchSource(Generator? generator) => Generator = generator;

    internal Generator? Generator { get; }

    internal override void Uniform(Tensor target, double low, double high) =>
        Workspace.Fill(target, Generator, t => t.uniform_(low, high, Generator));

    internal override void Normal(Tensor target, double mean, double std) =>
        Workspace.Fill(target, Generator, t => t.normal_(mean, std, Generator));

    internal override void TruncNormal(Tensor target, double mean, double std, double a, double b) =>
        Workspace.Fill(target, Generator, t => Sampling.TruncNormal(t, mean, std, a, b, Generator));

    internal override Tensor StandardNormal(long[] shape, ScalarType dtype, Tensor like) =>
        empty(shape, dtype, Workspace.SamplingDevice(like, Generator)).normal_(0, 1, Generator);

    internal override Tensor StandardUniform(long[] shape, ScalarType dtype, Tensor like) =>
        rand(shape, dtype, Workspace.SamplingDevice(like, Generator), generator: Generator);

    // One randperm per column, in PyTorch's order (after the normal draw).
    internal override Tensor SparseRows(long rows, long cols, long zeros)
    {
        var rowIndex = new Tensor[cols];
        for (long c = 0; c < cols; c++)
            rowIndex[c] = randperm(rows, generator: Generator, device: Generator?.device).narrow(0, 0, zeros);
        return cat(rowIndex, 0);
    }

    internal override RandomSource Skip(long elements) => this;
}
