using System;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Sampling;
using static TorchSharp.torch;

namespace WeightInit.Schemes;

/// <summary>PyTorch's <c>uniform_(a=0, b=1)</c>: U(a, b).</summary>
public sealed record UniformScheme : InitScheme
{
    /// <summary>U(<paramref name="a"/>, <paramref name="b"/>).</summary>
    /// <param name="a">The lower bound.</param>
    /// <param name="b">The upper bound.</param>
    /// <exception cref="System.ArgumentException">A non-finite bound, or a &gt; b.</exception>
    public UniformScheme(double a = 0.0, double b = 1.0)
    {
        A = Check.Finite(a, nameof(a));
        B = Check.Finite(b, nameof(b));
        if (a > b)
            throw new ArgumentException($"uniform_ expects to return a [from, to) range, but found from={Check.Num(a)} > to={Check.Num(b)}", nameof(a));
    }

    /// <summary>The lower bound.</summary>
    public double A { get; }
    /// <summary>The upper bound.</summary>
    public double B { get; }
    /// <inheritdoc/>
    public override string Name => "uniform_";
    internal override object[] Values => new object[] { A, B };
    private protected override void ValidateValues(long[] shape, ScalarType dtype) => Check.UniformBounds(A, B, dtype, "a", "b");
    internal override double MaxAbs(long[] shape, ScalarType dtype) => Math.Max(Math.Abs(A), Math.Abs(B));
    private protected override void Write(Tensor tensor, RandomSource source) => source.Uniform(tensor, A, B);

    internal override bool DrawsOnce => true;
}
