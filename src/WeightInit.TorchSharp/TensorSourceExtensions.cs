using TorchSharp;
using WeightInit.Sampling;
using WeightInit.Engine;
using WeightInit.Schemes;
using static TorchSharp.torch;

namespace WeightInit;

/// <summary>
/// The random torch.nn.init calls drawing from a <see cref="RandomSource"/>, usually a counter engine's stream:
/// <c>w.kaiming_normal_(engine.Stream("encoder.0.weight"), mode: "fan_out")</c>. The source comes first (PyTorch's
/// own parameters keep their names and defaults after it); everything else, validation and errors included, is the
/// call of <see cref="TensorInitExtensions"/> with a Generator.
/// </summary>
public static class TensorSourceExtensions
{
    public static Tensor uniform_(this Tensor tensor, RandomSource source, double a = 0.0, double b = 1.0) =>
        Apply(new UniformScheme(a, b), tensor, source);

    public static Tensor normal_(this Tensor tensor, RandomSource source, double mean = 0.0, double std = 1.0) =>
        Apply(new NormalScheme(mean, std), tensor, source);

    public static Tensor trunc_normal_(this Tensor tensor, RandomSource source, double mean = 0.0, double std = 1.0, double a = -2.0, double b = 2.0) =>
        Apply(new TruncNormalScheme(mean, std, a, b), tensor, source);

    public static Tensor xavier_uniform_(this Tensor tensor, RandomSource source, double gain = 1.0) =>
        Apply(new XavierScheme(gain, Distribution.Uniform), tensor, source);

    public static Tensor xavier_normal_(this Tensor tensor, RandomSource source, double gain = 1.0) =>
        Apply(new XavierScheme(gain, Distribution.Normal), tensor, source);

    public static Tensor kaiming_uniform_(this Tensor tensor, RandomSource source, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu") =>
        Apply(new KaimingScheme(a, mode, nonlinearity, Distribution.Uniform), tensor, source);

    public static Tensor kaiming_normal_(this Tensor tensor, RandomSource source, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu") =>
        Apply(new KaimingScheme(a, mode, nonlinearity, Distribution.Normal), tensor, source);

    public static Tensor lecun_uniform_(this Tensor tensor, RandomSource source) => Apply(new LecunScheme(Distribution.Uniform), tensor, source);

    public static Tensor lecun_normal_(this Tensor tensor, RandomSource source) => Apply(new LecunScheme(Distribution.Normal), tensor, source);

    public static Tensor variance_scaling_(this Tensor tensor, RandomSource source, double scale = 1.0, string mode = "fan_in", string distribution = "truncated_normal") =>
        Apply(new VarianceScalingScheme(scale, mode, distribution), tensor, source);

    public static Tensor orthogonal_(this Tensor tensor, RandomSource source, double gain = 1.0) => Apply(new OrthogonalScheme(gain), tensor, source);

    public static Tensor sparse_(this Tensor tensor, RandomSource source, double sparsity, double std = 0.01) =>
        Apply(new SparseScheme(sparsity, std), tensor, source);

    static Tensor Apply(InitScheme scheme, Tensor tensor, RandomSource source) => scheme.Apply(tensor, source);
}
