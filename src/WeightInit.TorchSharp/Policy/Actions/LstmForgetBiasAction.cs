using System;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Sampling;
using static TorchSharp.torch;

namespace WeightInit.Policy.Actions;

/// <summary><c>lstm_forget_bias(value=1)</c>: an LSTM bias [4·hidden] (gates i, f, g, o as in PyTorch) set to zero
/// with the forget-gate block set to value (Jozefowicz et al., 2015). Put it on bias_ih and zeros on bias_hh, so
/// the effective forget bias is value.</summary>
public sealed record LstmForgetBiasAction : InitAction
{
    /// <summary>The forget-gate block set to <paramref name="value"/>, the rest zero.</summary>
    /// <param name="value">The forget-gate bias.</param>
    /// <exception cref="System.ArgumentException"><paramref name="value"/> is not finite.</exception>
    public LstmForgetBiasAction(double value = 1.0) => Value = Check.Finite(value, "value");

    /// <summary>The forget-gate bias.</summary>
    public double Value { get; }

    /// <inheritdoc/>
    public override void Validate(ParameterSite site, long[] shape)
    {
        if (shape.Length != 1 || shape[0] % 4 != 0)
            throw new ArgumentException($"lstm_forget_bias needs a 1-D LSTM bias of 4·hidden elements, but the shape is [{string.Join(", ", shape)}]");
        Check.Representable(Value, site.DType, "val"); // fill_'s own check, before zero_ writes anything
    }

    internal override double MaxAbs(ParameterSite site, long[] shape) => Math.Abs(Value);

    /// <inheritdoc/>
    public override void Apply(Tensor target, ParameterSite site, RandomSource source)
    {
        long hidden = target.shape[0] / 4;
        using var scope = NewDisposeScope();   // in-place ops return new handles in TorchSharp
        using (no_grad())
        {
            target.zero_();
            target.narrow(0, hidden, hidden).fill_(Value);
        }
    }

    /// <inheritdoc/>
    public override string ToString() => Value == 1.0 ? "lstm_forget_bias()" : $"lstm_forget_bias(value={Check.Num(Value)})";
}
