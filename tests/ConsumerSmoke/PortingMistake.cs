// The porting pitfall the package's analyzer flags: TorchSharp's own trunc_normal_, through `using static`.
// .ci/run requires warning WI0001 on this line in the build output. Never called.
using TorchSharp;
using static TorchSharp.torch.nn.init;

static class PortingMistake
{
    public static void Init(torch.Tensor w) => trunc_normal_(w, std: 0.02);
}
