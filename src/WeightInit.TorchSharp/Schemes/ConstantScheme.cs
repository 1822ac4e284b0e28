using System;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Sampling;
using static TorchSharp.torch;

namespace WeightInit.Schemes;

/// <summary>PyTorch's <c>constant_(val)</c>, and <c>ones_</c>/<c>zeros_</c> as its named special cases.
/// Any dtype, as <c>fill_</c>.</summary>
public sealed record ConstantScheme : InitScheme
{
    /// <summary>Fills with <paramref name="val"/>.</summary>
    /// <param name="val">The value.</param>
    /// <exception cref="System.ArgumentException"><paramref name="val"/> is not finite.</exception>
    public ConstantScheme(double val) : this(val, "constant_") { }

    ConstantScheme(double val, string name)
    {
        Val = Check.Finite(val, nameof(val));
        Name = name;
    }

    internal static readonly ConstantScheme OnesInstance = new(1.0, "ones_");
    internal static readonly ConstantScheme ZerosInstance = new(0.0, "zeros_");

    /// <summary>The value.</summary>
    public double Val { get; }
    /// <inheritdoc/>
    public override string Name { get; }
    /// <inheritdoc/>
    public override bool IsRandom => false;
    internal override object[] Values => Name == "constant_" ? new object[] { Val } : Array.Empty<object>();

    private protected override void ValidateValues(long[] shape, ScalarType dtype) => Check.Representable(Val, dtype, "val");
    internal override double MaxAbs(long[] shape, ScalarType dtype) => Math.Abs(Val);

    private protected override void Write(Tensor tensor, RandomSource source)
    {
        if (Val == 0) tensor.zero_();
        else tensor.fill_(Val);
    }
}
