using System;
using TorchSharp;
using WeightInit.Policy;
using Xunit;
using static TorchSharp.torch.nn;

namespace WeightInit.Tests.Policy;

/// <summary>A disposed module lists no parameters; initializing it must be an error, as for a disposed tensor, not an
/// empty report that looks like success.</summary>
public class DisposedModuleTests
{
    sealed class UserNet : Module
    {
        public readonly TorchSharp.Modules.Linear fc = Linear(3, 3);
        public UserNet() : base(nameof(UserNet)) => RegisterComponents();
    }

    public static TheoryData<string> Kinds => new() { "Linear", "Embedding", "user module", "child of a live module" };

    static (Module Root, Action Dispose) Make(string kind)
    {
        switch (kind)
        {
            case "Linear": { var m = Linear(4, 3); return (m, m.Dispose); }
            case "Embedding": { var m = Embedding(5, 3); return (m, m.Dispose); }
            case "user module": { var m = new UserNet(); return (m, m.Dispose); }
            default: { var child = Linear(4, 3); return (new Box(("a", Linear(2, 2)), ("b", child)), child.Dispose); }
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void ApplyInitAndPlanThrowObjectDisposed(string kind)
    {
        var (m, dispose) = Make(kind);
        dispose();
        var e = Assert.Throws<ObjectDisposedException>(() => m.ApplyInit(InitPolicy.TorchDefaults()));
        Assert.Contains("disposed", e.Message);
        Assert.Throws<ObjectDisposedException>(() => InitPolicy.TorchDefaults().Plan(m));
    }
}
