using System.Linq;
using WeightInit.Policy;
using Xunit;
using static TorchSharp.torch.nn;

namespace WeightInit.Tests.Policy;

/// <summary>The walker's names and order are PyTorch's named_modules()/named_parameters(): pre-order, root first,
/// dotted paths from the root down.</summary>
public class ModuleWalkerTests
{
    static Box Deep() => new(("h", new Box(("0", new Box(("c_fc", Linear(2, 3)), ("c_proj", Linear(3, 2)))), ("1", Linear(2, 2)))), ("head", Linear(2, 1)));

    [Fact]
    public void ModulesArePreOrderWithPathsFromTheRoot()
    {
        using var m = Deep();
        Assert.Equal(new[] { "", "h", "h.0", "h.0.c_fc", "h.0.c_proj", "h.1", "head" }, ModuleWalker.Modules(m).Select(x => x.Path));
    }

    [Fact]
    public void SitesFollowNamedParameters()
    {
        using var m = Deep();
        var expected = m.named_parameters().Select(p => p.name).ToArray();
        Assert.Equal(expected, ModuleWalker.Sites(m).Select(s => s.QualifiedName));
        Assert.Equal("h.0.c_fc.weight", expected[0]);
        Assert.Equal(Enumerable.Range(0, expected.Length), ModuleWalker.Sites(m).Select(s => s.Index));
    }
}
