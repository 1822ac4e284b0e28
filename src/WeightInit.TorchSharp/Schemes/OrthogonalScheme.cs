using System.Diagnostics.CodeAnalysis;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Sampling;
using static TorchSharp.torch;

namespace WeightInit.Schemes;

/// <summary>PyTorch's <c>orthogonal_(gain=1)</c> (Saxe et al., 2013): the tensor flattened to rows × rest gets the Q
/// of a QR decomposition of a standard normal matrix, sign-corrected by diag(R) so the result is uniform (Haar),
/// times gain. Rows are orthonormal when rows ≤ cols, columns otherwise.</summary>
public sealed record OrthogonalScheme : InitScheme
{
    /// <summary>gain·Q.</summary>
    /// <param name="gain">The scaling factor.</param>
    /// <exception cref="System.ArgumentException">A negative or non-finite gain.</exception>
    public OrthogonalScheme(double gain = 1.0) => Gain = Check.NonNegative(gain, "gain");

    /// <summary>The scaling factor.</summary>
    public double Gain { get; }
    /// <inheritdoc/>
    public override string Name => "orthogonal_";
    internal override object[] Values => new object[] { Gain };

    [SuppressMessage("Usage", "CA2208", Justification = "Thrown for the tensor of InitScheme.Apply(tensor), which calls it.")]
    private protected override void ValidateShape(long[] shape)
    {
        if (shape.Length < 2) throw new System.ArgumentException("Only tensors with 2 or more dimensions are supported", "tensor");
    }

    private protected override bool IsElementwise => false;

    // |Q_ij| <= 1, and a little more after rounding: gain·(1 + 1e-3) must fit (PyTorch writes inf beyond).
    private protected override void ValidateValues(long[] shape, ScalarType dtype) =>
        Check.Fits(Name, $"gain must be at most that, but found gain={Check.Num(Gain)}", MaxAbs(shape, dtype), dtype, "tensor");

    internal override double MaxAbs(long[] shape, ScalarType dtype) => Gain * (1 + 1e-3);

    private protected override void Write(Tensor tensor, RandomSource source)
    {
        long rows = tensor.shape[0], cols = tensor.numel() / rows;
        var flat = source.StandardNormal(new[] { rows, cols }, Workspace.SamplingType(tensor.dtype), tensor);
        if (rows < cols) flat = flat.t();
        var (q, r) = linalg.qr(flat);
        q.mul_(r.diag().sign());
        // Gain in the sampling dtype, before the copy: a float16/bfloat16 target is then rounded once (PyTorch's
        // copy-then-mul gives the same bits for float32/float64, where the copy is exact).
        q.mul_(Gain);
        if (rows < cols) q = q.t();
        tensor.copy_(q.reshape(tensor.shape));
    }
}
