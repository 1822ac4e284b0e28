using System;
using TorchSharp;
using WeightInit.Sampling;
using static TorchSharp.torch;

namespace WeightInit.Sampling;

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
        Workspace.Fill(target, Generator, t => TruncNormal(t, mean, std, a, b, Generator));

    internal override Tensor StandardNormal(long[] shape, ScalarType dtype, Tensor like) =>
        empty(shape, dtype, Workspace.SamplingDevice(like, Generator)).normal_(0, 1, Generator);

    internal override Tensor StandardUniform(long[] shape, ScalarType dtype, Tensor like) =>
        rand(shape, dtype, Workspace.SamplingDevice(like, Generator), generator: Generator);

    // The generator's device; for the global generator PyTorch's default device, except META (inside
    // DeferredInit.Build), where nothing can be drawn: there the CPU, whose generator the global one is.
    Device? PermutationDevice => Generator?.device ?? (get_default_device().type == DeviceType.META ? CPU : null);

    // One randperm per column, in PyTorch's order (after the normal draw).
    internal override Tensor SparseRows(long rows, long cols, long zeros)
    {
        var rowIndex = new Tensor[cols];
        for (long c = 0; c < cols; c++)
            rowIndex[c] = randperm(rows, generator: Generator, device: PermutationDevice).narrow(0, 0, zeros);
        return cat(rowIndex, 0);
    }

    internal override RandomSource Skip(long elements) => this;

    /// <summary>PyTorch's <c>_no_grad_trunc_normal_</c>: inverse-CDF sampling of N(mean, std²) truncated to [a, b].</summary>
    static void TruncNormal(Tensor t, double mean, double std, double a, double b, Generator? generator)
    {
        double l = Probability.NormCdf((a - mean) / std), u = Probability.NormCdf((b - mean) / std);
        double from = 2 * l - 1, to = 2 * u - 1;
        t.uniform_(from, to, generator);
        // A bound within a few ulps of ±1 (other than ±1 itself, where from + x·(to − from) is exact) can round past
        // it, and erfinv of that is NaN: pull such p back to ±1 (erfinv ±inf, then clamped to a or b). A no-op for
        // every p in [-1, 1], so PyTorch's values are kept.
        if (Math.Max(Math.Abs(from), Math.Abs(to)) > 1 - 1e-6 && !(from == -1 && to == 1)) t.clamp_(-1.0, 1.0);
        t.erfinv_();
        t.mul_(std * Math.Sqrt(2.0));
        t.add_(mean);
        t.clamp_(a, b);
    }
}
