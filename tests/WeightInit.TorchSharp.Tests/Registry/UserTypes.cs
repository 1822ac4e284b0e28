using System;
using System.Collections.Generic;
using TorchSharp;
using WeightInit.Policy;
using WeightInit.Policy.Actions;
using WeightInit.Sampling;
using WeightInit.Schemes;
using static TorchSharp.torch;

namespace WeightInit.Tests.Registry;

/// <summary>A user scheme as a user would write one: alpha times the identity, 2-D only, not random.</summary>
public sealed record ScaledIdentity(double Alpha) : CustomScheme
{
    public static readonly SchemeParameter[] Signature = { new("alpha", ParameterKind.Number, 1.0) };
    public override string Name => "scaled_identity_";
    public override IReadOnlyList<SchemeParameter> Parameters => Signature;
    public override IReadOnlyList<object> Arguments => new object[] { Alpha };
    public override bool IsRandom => false;

    protected override void ValidateTarget(long[] shape, ScalarType dtype)
    {
        if (shape.Length != 2) throw new ArgumentException($"scaled_identity_ needs a 2-D tensor, but the shape is [{string.Join(", ", shape)}]");
    }

    protected override double? LargestMagnitude(long[] shape, ScalarType dtype) => Math.Abs(Alpha);

    protected override void Fill(Tensor tensor, RandomSource source)
    {
        var e = eye(tensor.shape[0], tensor.shape[1], dtype: tensor.dtype, device: tensor.device);
        tensor.copy_(e.mul_(Alpha));
    }
}

/// <summary>A user action: |N(0, std²)|, drawn from the policy's source (a Generator or a counter stream).</summary>
public sealed record HalfNormal : CustomAction
{
    public static readonly SchemeParameter[] Signature = { new("std", ParameterKind.Number, 1.0) };

    public HalfNormal(double std = 1.0)
    {
        if (!(std > 0)) throw new ArgumentException($"half_normal: std must be positive, but found {std}");
        Std = std;
    }

    public double Std { get; }
    public override string Name => "half_normal";
    public override IReadOnlyList<SchemeParameter> Parameters => Signature;
    public override IReadOnlyList<object> Arguments => new object[] { Std };

    public override void Validate(ParameterSite site, long[] shape)
    {
        if (site.DType is not (ScalarType.Float32 or ScalarType.Float64))
            throw new ArgumentException($"half_normal needs a float32 or float64 parameter, but '{site.QualifiedName}' is {site.DType}");
    }

    public override void Apply(Tensor target, ParameterSite site, RandomSource source)
    {
        target.normal_(source, 0, Std);
        target.abs_();
    }
}

static class UserRegistry
{
    internal static readonly InitRegistry Registry = InitRegistry.BuiltIn
        .WithScheme("scaled_identity_", ScaledIdentity.Signature, a => new ScaledIdentity((double)a[0]))
        .WithAction("half_normal", HalfNormal.Signature, a => new HalfNormal((double)a[0]));
}
