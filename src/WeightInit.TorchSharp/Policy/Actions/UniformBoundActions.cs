using System;
using TorchSharp;
using WeightInit.Engine;
using TorchSharp.Modules;
using WeightInit.Sampling;
using WeightInit.Schemes;
using static TorchSharp.torch;

namespace WeightInit.Policy.Actions;

/// <summary>U(-bound, bound) with a bound read off the layer: the shape of PyTorch's per-layer defaults
/// (<c>reset_parameters</c>) and of Mamba's dt_proj weight. Subclasses only say where the bound comes from.</summary>
internal abstract record UniformBoundAction : InitAction
{
    private protected UniformBoundAction() { }

    /// <summary>The half-width for this site; throws ArgumentException when the layer lacks what it needs.</summary>
    public abstract double Bound(ParameterSite site, long[] shape);

    /// <summary>The bound must exist (the layer has what it needs) and U(-bound, bound) must fit the dtype:
    /// PyTorch's uniform_ bounds check.</summary>
    public override void Validate(ParameterSite site, long[] shape)
    {
        double bound = Bound(site, shape);
        Check.Floating(ToString(), site.DType, "tensor");
        if (InitScheme.HasElements(shape)) Check.UniformBounds(-bound, bound, site.DType, "tensor", "tensor");
    }

    internal override double MaxAbs(ParameterSite site, long[] shape) => Bound(site, shape);

    public override void Apply(Tensor target, ParameterSite site, RandomSource source)
    {
        double bound = Bound(site, target.shape);
        if (target.numel() == 0) return; // a no-op, whatever the bound (mamba_dt_weight on [d, 0] has 1/sqrt(0))
        new UniformScheme(-bound, bound).Apply(target, source);
    }

    /// <summary>The owner's parameter called <paramref name="name"/> (or the first matching prefix), else an error.</summary>
    private protected static Parameter Sibling(ParameterSite site, string name, string action) =>
        site.Sibling(name) ?? throw new ArgumentException(
            $"{action} needs a sibling parameter '{name}' in {site.Owner.GetType().Name} '{site.ModulePath}'");
}

/// <summary><c>torch_default_bias()</c>: PyTorch's Linear/Conv bias default, U(±1/sqrt(fan_in)) with fan_in of the
/// layer's weight (0 when fan_in is 0).</summary>
internal sealed record TorchDefaultBiasAction : UniformBoundAction
{
    public override double Bound(ParameterSite site, long[] shape)
    {
        var weight = Sibling(site, "weight", ToString());
        var (fanIn, _) = Fans.Compute(weight.shape);
        return fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0;
    }

    public override string ToString() => "torch_default_bias()";
}

/// <summary><c>bilinear_default()</c>: PyTorch's Bilinear default for weight and bias, U(±1/sqrt(in1_features)).</summary>
internal sealed record BilinearDefaultAction : UniformBoundAction
{
    public override double Bound(ParameterSite site, long[] shape)
    {
        var weight = Sibling(site, "weight", ToString());
        if (weight.shape.Length != 3) throw new ArgumentException($"bilinear_default() needs a 3-D weight in '{site.ModulePath}'");
        // PyTorch's 1 / math.sqrt(in1_features) raises ZeroDivisionError there.
        if (weight.shape[1] == 0) throw new ArgumentException($"bilinear_default() needs in1_features > 0 (it divides by its square root) in '{site.ModulePath}'");
        return 1 / Math.Sqrt(weight.shape[1]);
    }

    public override string ToString() => "bilinear_default()";
}

/// <summary><c>rnn_default()</c>: PyTorch's RNN/LSTM/GRU (and cell) default for every weight and bias,
/// U(±1/sqrt(hidden_size)), hidden_size read off weight_hh (its dim 1).</summary>
internal sealed record RnnDefaultAction : UniformBoundAction
{
    public override double Bound(ParameterSite site, long[] shape)
    {
        long[] hh = Sibling(site, "weight_hh*", ToString()).shape;
        if (hh.Length != 2)
            throw new ArgumentException($"rnn_default() reads hidden_size off a 2-D weight_hh, but the one in '{site.ModulePath}' has shape [{string.Join(", ", hh)}]");
        long hidden = hh[1];
        return hidden > 0 ? 1.0 / Math.Sqrt(hidden) : 0;
    }

    public override string ToString() => "rnn_default()";
}

/// <summary><c>mamba_dt_weight(dt_scale=1)</c>: Mamba's dt_proj weight, U(±dt_rank^-0.5·dt_scale) with dt_rank its
/// input size (Gu and Dao, 2023; mamba_ssm's "random" dt_init).</summary>
internal sealed record MambaDtWeightAction : UniformBoundAction
{
    public MambaDtWeightAction(double dtScale = 1.0) => DtScale = Check.Positive(dtScale, "dt_scale");

    public double DtScale { get; }
    public override bool Marks => true;

    public override double Bound(ParameterSite site, long[] shape)
    {
        if (shape.Length != 2) throw new ArgumentException("mamba_dt_weight needs a 2-D dt_proj weight [d_inner, dt_rank]");
        return Math.Pow(shape[1], -0.5) * DtScale;
    }

    public override string ToString() => DtScale == 1.0 ? "mamba_dt_weight()" : $"mamba_dt_weight(dt_scale={Check.Num(DtScale)})";
}
