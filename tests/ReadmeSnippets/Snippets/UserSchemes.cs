// README.md, "Your own schemes and actions": the block's statements are the body of UserSchemes.Run; the record is
// the one the README describes.
using System;
using System.Collections.Generic;
using TorchSharp;
using TorchSharp.Modules;
using WeightInit.Policy;
using WeightInit.Policy.Actions;
using WeightInit.Sampling;
using WeightInit.Schemes;
using static TorchSharp.torch;

namespace ReadmeSnippets.Snippets;

public sealed record ScaledIdentity(double Alpha) : CustomScheme
{
    public static readonly SchemeParameter[] Signature = { new("alpha", ParameterKind.Number, 1.0) };
    public override string Name => "scaled_identity_";
    public override IReadOnlyList<SchemeParameter> Parameters => Signature;
    public override IReadOnlyList<object> Arguments => new object[] { Alpha };
    public override bool IsRandom => false;

    protected override void ValidateTarget(long[] shape, ScalarType dtype)
    {
        if (shape.Length != 2) throw new ArgumentException("scaled_identity_ needs a 2-D tensor");
    }

    protected override void Fill(Tensor tensor, RandomSource source) =>
        tensor.copy_(eye(tensor.shape[0], tensor.shape[1], dtype: tensor.dtype).mul_(Alpha));
}

public static class UserSchemes
{
    public static InitPolicy Run()
    {
        var registry = InitRegistry.BuiltIn
            .WithScheme("scaled_identity_", ScaledIdentity.Signature, args => new ScaledIdentity((double)args[0]));
        var policy = InitPolicy.Empty.ForLayer<Linear>("weight", InitAction.Parse("scaled_identity_(alpha=0.5)", registry));
        string json = policy.ToJson();                                  // "init": "scaled_identity_(alpha=0.5)"
        var again = InitPolicy.FromJson(json, registry);                // the same rules; without the registry: unknown scheme
        return again;
    }
}
