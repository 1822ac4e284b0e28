// README.md, "Schemes as values".
using WeightInit.Schemes;

namespace ReadmeSnippets.Snippets;

public static class SchemesAsValues
{
    public static void Run()
    {
        InitScheme.Parse("kaiming_normal_(mode='fan_out', nonlinearity='relu')");
        InitScheme.Parse("trunc_normal(std=0.02)");           // trailing underscore optional
        InitScheme.Parse("nn.init.xavier_uniform_(gain=1.5)"); // nn.init. / torch.nn.init. prefix optional
        InitScheme.Parse("xavier_uniform_");                  // parentheses optional when all arguments default
        InitScheme.Parse("kaiming_uniform_(math.sqrt(5), 'fan_in')"); // positional, PyTorch's order; sqrt(), a/b
    }
}
