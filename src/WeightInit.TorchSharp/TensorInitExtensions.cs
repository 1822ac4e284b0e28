using TorchSharp;
using WeightInit.Schemes;
using static TorchSharp.torch;

namespace WeightInit;

/// <summary>
/// torch.nn.init as extension methods on <see cref="Tensor"/>: PyTorch 2.x's names, parameters, defaults, errors
/// and values. Each fills the tensor in place without recording autograd history and returns it. Tensor's own
/// <c>uniform_</c> and <c>normal_</c> already honour a generator, so they are used as they are.
/// </summary>
public static class TensorInitExtensions
{
    /// <summary>The recommended gain for a nonlinearity (PyTorch's calculate_gain); <paramref name="param"/> is the
    /// leaky_relu negative slope (default 0.01): an int or a float, not a bool.</summary>
    public static double calculate_gain(string nonlinearity, object? param = null) => Gain.Calculate(nonlinearity, param);

    public static Tensor trunc_normal_(this Tensor tensor, double mean = 0.0, double std = 1.0, double a = -2.0, double b = 2.0,
        Generator? generator = null) => new TruncNormalScheme(mean, std, a, b).Apply(tensor, generator);

    public static Tensor constant_(this Tensor tensor, double val) => new ConstantScheme(val).Apply(tensor);
    public static Tensor ones_(this Tensor tensor) => ConstantScheme.OnesInstance.Apply(tensor);
    public static Tensor zeros_(this Tensor tensor) => ConstantScheme.ZerosInstance.Apply(tensor);
    public static Tensor eye_(this Tensor tensor) => new EyeScheme().Apply(tensor);
    public static Tensor dirac_(this Tensor tensor, int groups = 1) => new DiracScheme(groups).Apply(tensor);

    public static Tensor xavier_uniform_(this Tensor tensor, double gain = 1.0, Generator? generator = null) =>
        new XavierScheme(gain, Distribution.Uniform).Apply(tensor, generator);

    public static Tensor xavier_normal_(this Tensor tensor, double gain = 1.0, Generator? generator = null) =>
        new XavierScheme(gain, Distribution.Normal).Apply(tensor, generator);

    public static Tensor kaiming_uniform_(this Tensor tensor, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu",
        Generator? generator = null) => new KaimingScheme(a, mode, nonlinearity, Distribution.Uniform).Apply(tensor, generator);

    public static Tensor kaiming_normal_(this Tensor tensor, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu",
        Generator? generator = null) => new KaimingScheme(a, mode, nonlinearity, Distribution.Normal).Apply(tensor, generator);

    /// <summary>U(±sqrt(3 / fan_in)): LeCun uniform (not in torch.nn.init).</summary>
    public static Tensor lecun_uniform_(this Tensor tensor, Generator? generator = null) =>
        new LecunScheme(Distribution.Uniform).Apply(tensor, generator);

    /// <summary>N(0, 1 / fan_in): LeCun normal, as kaiming_normal_(nonlinearity: "linear") (not in torch.nn.init).</summary>
    public static Tensor lecun_normal_(this Tensor tensor, Generator? generator = null) =>
        new LecunScheme(Distribution.Normal).Apply(tensor, generator);

    /// <summary>JAX's variance_scaling: variance scale / n, n by <paramref name="mode"/> (fan_in, fan_out, fan_avg,
    /// fan_geo_avg), drawn from truncated_normal (std corrected for the truncation at ±2 std), normal or uniform.</summary>
    public static Tensor variance_scaling_(this Tensor tensor, double scale = 1.0, string mode = "fan_in",
        string distribution = "truncated_normal", Generator? generator = null) =>
        new VarianceScalingScheme(scale, mode, distribution).Apply(tensor, generator);

    public static Tensor orthogonal_(this Tensor tensor, double gain = 1.0, Generator? generator = null) =>
        new OrthogonalScheme(gain).Apply(tensor, generator);

    public static Tensor sparse_(this Tensor tensor, double sparsity, double std = 0.01, Generator? generator = null) =>
        new SparseScheme(sparsity, std).Apply(tensor, generator);
}
