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
    /// <param name="nonlinearity">linear, conv1d..conv_transpose3d, sigmoid, tanh, relu, leaky_relu or selu.</param>
    /// <param name="param">leaky_relu's negative slope; null for the default.</param>
    /// <exception cref="System.ArgumentException">An unsupported nonlinearity (<c>Unsupported nonlinearity foo</c>) or a
    /// slope that is not a number (<c>negative_slope True not a valid number</c>).</exception>
    public static double calculate_gain(string nonlinearity, object? param = null) => Gain.Calculate(nonlinearity, param);

    /// <summary>N(mean, std²) truncated to [a, b] (absolute bounds), by the inverse CDF: PyTorch's <c>trunc_normal_</c>.</summary>
    /// <param name="tensor">The tensor to fill in place (returned).</param>
    /// <param name="mean">The mean.</param>
    /// <param name="std">The standard deviation.</param>
    /// <param name="a">The lower truncation bound.</param>
    /// <param name="b">The upper truncation bound.</param>
    /// <param name="generator">The random source; null: the global generator (<c>torch.manual_seed</c>).</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="System.ArgumentException">An argument, or the tensor's shape or dtype, is invalid (PyTorch's
    /// message where PyTorch has one); the tensor is unchanged.</exception>
    /// <exception cref="System.ArgumentNullException">The tensor is null.</exception>
    /// <exception cref="System.ObjectDisposedException">The tensor has been disposed.</exception>
    public static Tensor trunc_normal_(this Tensor tensor, double mean = 0.0, double std = 1.0, double a = -2.0, double b = 2.0,
        Generator? generator = null) => new TruncNormalScheme(mean, std, a, b).Apply(tensor, generator);

    /// <summary>Fills with <paramref name="val"/>: PyTorch's <c>constant_</c>.</summary>
    /// <param name="tensor">The tensor to fill in place (returned).</param>
    /// <param name="val">The value.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="System.ArgumentException">An argument, or the tensor's shape or dtype, is invalid (PyTorch's
    /// message where PyTorch has one); the tensor is unchanged.</exception>
    /// <exception cref="System.ArgumentNullException">The tensor is null.</exception>
    /// <exception cref="System.ObjectDisposedException">The tensor has been disposed.</exception>
    public static Tensor constant_(this Tensor tensor, double val) => new ConstantScheme(val).Apply(tensor);
    /// <summary>Fills with 1: PyTorch's <c>ones_</c>.</summary>
    /// <param name="tensor">The tensor to fill in place (returned).</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="System.ArgumentException">An argument, or the tensor's shape or dtype, is invalid (PyTorch's
    /// message where PyTorch has one); the tensor is unchanged.</exception>
    /// <exception cref="System.ArgumentNullException">The tensor is null.</exception>
    /// <exception cref="System.ObjectDisposedException">The tensor has been disposed.</exception>
    public static Tensor ones_(this Tensor tensor) => ConstantScheme.OnesInstance.Apply(tensor);
    /// <summary>Fills with 0: PyTorch's <c>zeros_</c>.</summary>
    /// <param name="tensor">The tensor to fill in place (returned).</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="System.ArgumentException">An argument, or the tensor's shape or dtype, is invalid (PyTorch's
    /// message where PyTorch has one); the tensor is unchanged.</exception>
    /// <exception cref="System.ArgumentNullException">The tensor is null.</exception>
    /// <exception cref="System.ObjectDisposedException">The tensor has been disposed.</exception>
    public static Tensor zeros_(this Tensor tensor) => ConstantScheme.ZerosInstance.Apply(tensor);
    /// <summary>The identity matrix (2-D tensors): PyTorch's <c>eye_</c>.</summary>
    /// <param name="tensor">The tensor to fill in place (returned).</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="System.ArgumentException">An argument, or the tensor's shape or dtype, is invalid (PyTorch's
    /// message where PyTorch has one); the tensor is unchanged.</exception>
    /// <exception cref="System.ArgumentNullException">The tensor is null.</exception>
    /// <exception cref="System.ObjectDisposedException">The tensor has been disposed.</exception>
    public static Tensor eye_(this Tensor tensor) => new EyeScheme().Apply(tensor);
    /// <summary>The identity convolution per group (3-, 4- or 5-D tensors): PyTorch's <c>dirac_</c>.</summary>
    /// <param name="tensor">The tensor to fill in place (returned).</param>
    /// <param name="groups">The number of groups along dim 0.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="System.ArgumentException">An argument, or the tensor's shape or dtype, is invalid (PyTorch's
    /// message where PyTorch has one); the tensor is unchanged.</exception>
    /// <exception cref="System.ArgumentNullException">The tensor is null.</exception>
    /// <exception cref="System.ObjectDisposedException">The tensor has been disposed.</exception>
    public static Tensor dirac_(this Tensor tensor, int groups = 1) => new DiracScheme(groups).Apply(tensor);

    /// <summary>U(±gain·sqrt(6/(fan_in+fan_out))): PyTorch's <c>xavier_uniform_</c> (Glorot and Bengio, 2010).</summary>
    /// <param name="tensor">The tensor to fill in place (returned).</param>
    /// <param name="gain">The scaling factor.</param>
    /// <param name="generator">The random source; null: the global generator (<c>torch.manual_seed</c>).</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="System.ArgumentException">An argument, or the tensor's shape or dtype, is invalid (PyTorch's
    /// message where PyTorch has one); the tensor is unchanged.</exception>
    /// <exception cref="System.ArgumentNullException">The tensor is null.</exception>
    /// <exception cref="System.ObjectDisposedException">The tensor has been disposed.</exception>
    public static Tensor xavier_uniform_(this Tensor tensor, double gain = 1.0, Generator? generator = null) =>
        new XavierScheme(gain, Distribution.Uniform).Apply(tensor, generator);

    /// <summary>N(0, gain²·2/(fan_in+fan_out)): PyTorch's <c>xavier_normal_</c>.</summary>
    /// <param name="tensor">The tensor to fill in place (returned).</param>
    /// <param name="gain">The scaling factor.</param>
    /// <param name="generator">The random source; null: the global generator (<c>torch.manual_seed</c>).</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="System.ArgumentException">An argument, or the tensor's shape or dtype, is invalid (PyTorch's
    /// message where PyTorch has one); the tensor is unchanged.</exception>
    /// <exception cref="System.ArgumentNullException">The tensor is null.</exception>
    /// <exception cref="System.ObjectDisposedException">The tensor has been disposed.</exception>
    public static Tensor xavier_normal_(this Tensor tensor, double gain = 1.0, Generator? generator = null) =>
        new XavierScheme(gain, Distribution.Normal).Apply(tensor, generator);

    /// <summary>U(±gain·sqrt(3/fan)), gain = calculate_gain(nonlinearity, a), fan by mode: PyTorch's <c>kaiming_uniform_</c> (He et al., 2015).</summary>
    /// <param name="tensor">The tensor to fill in place (returned).</param>
    /// <param name="a">The negative slope of the leaky ReLU that follows.</param>
    /// <param name="mode"><c>"fan_in"</c> or <c>"fan_out"</c>.</param>
    /// <param name="nonlinearity">The nonlinearity that follows (calculate_gain's name).</param>
    /// <param name="generator">The random source; null: the global generator (<c>torch.manual_seed</c>).</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="System.ArgumentException">An argument, or the tensor's shape or dtype, is invalid (PyTorch's
    /// message where PyTorch has one); the tensor is unchanged.</exception>
    /// <exception cref="System.ArgumentNullException">The tensor is null.</exception>
    /// <exception cref="System.ObjectDisposedException">The tensor has been disposed.</exception>
    public static Tensor kaiming_uniform_(this Tensor tensor, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu",
        Generator? generator = null) => new KaimingScheme(a, mode, nonlinearity, Distribution.Uniform).Apply(tensor, generator);

    /// <summary>N(0, gain²/fan), gain = calculate_gain(nonlinearity, a), fan by mode: PyTorch's <c>kaiming_normal_</c>.</summary>
    /// <param name="tensor">The tensor to fill in place (returned).</param>
    /// <param name="a">The negative slope of the leaky ReLU that follows.</param>
    /// <param name="mode"><c>"fan_in"</c> or <c>"fan_out"</c>.</param>
    /// <param name="nonlinearity">The nonlinearity that follows (calculate_gain's name).</param>
    /// <param name="generator">The random source; null: the global generator (<c>torch.manual_seed</c>).</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="System.ArgumentException">An argument, or the tensor's shape or dtype, is invalid (PyTorch's
    /// message where PyTorch has one); the tensor is unchanged.</exception>
    /// <exception cref="System.ArgumentNullException">The tensor is null.</exception>
    /// <exception cref="System.ObjectDisposedException">The tensor has been disposed.</exception>
    public static Tensor kaiming_normal_(this Tensor tensor, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu",
        Generator? generator = null) => new KaimingScheme(a, mode, nonlinearity, Distribution.Normal).Apply(tensor, generator);

    /// <summary>U(±sqrt(3 / fan_in)): LeCun uniform (not in torch.nn.init).</summary>
    /// <param name="tensor">The tensor to fill in place (returned).</param>
    /// <param name="generator">The random source; null: the global generator (<c>torch.manual_seed</c>).</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="System.ArgumentException">An argument, or the tensor's shape or dtype, is invalid (PyTorch's
    /// message where PyTorch has one); the tensor is unchanged.</exception>
    /// <exception cref="System.ArgumentNullException">The tensor is null.</exception>
    /// <exception cref="System.ObjectDisposedException">The tensor has been disposed.</exception>
    public static Tensor lecun_uniform_(this Tensor tensor, Generator? generator = null) =>
        new LecunScheme(Distribution.Uniform).Apply(tensor, generator);

    /// <summary>N(0, 1 / fan_in): LeCun normal, as kaiming_normal_(nonlinearity: "linear") (not in torch.nn.init).</summary>
    /// <param name="tensor">The tensor to fill in place (returned).</param>
    /// <param name="generator">The random source; null: the global generator (<c>torch.manual_seed</c>).</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="System.ArgumentException">An argument, or the tensor's shape or dtype, is invalid (PyTorch's
    /// message where PyTorch has one); the tensor is unchanged.</exception>
    /// <exception cref="System.ArgumentNullException">The tensor is null.</exception>
    /// <exception cref="System.ObjectDisposedException">The tensor has been disposed.</exception>
    public static Tensor lecun_normal_(this Tensor tensor, Generator? generator = null) =>
        new LecunScheme(Distribution.Normal).Apply(tensor, generator);

    /// <summary>JAX's variance_scaling: variance scale / n, n by <paramref name="mode"/> (fan_in, fan_out, fan_avg,
    /// fan_geo_avg), drawn from truncated_normal (std corrected for the truncation at ±2 std), normal or uniform.</summary>
    /// <param name="tensor">The tensor to fill in place (returned).</param>
    /// <param name="scale">The variance scale.</param>
    /// <param name="mode"><c>"fan_in"</c>, <c>"fan_out"</c>, <c>"fan_avg"</c> or <c>"fan_geo_avg"</c>.</param>
    /// <param name="distribution"><c>"truncated_normal"</c>, <c>"normal"</c> or <c>"uniform"</c>.</param>
    /// <param name="generator">The random source; null: the global generator (<c>torch.manual_seed</c>).</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="System.ArgumentException">An argument, or the tensor's shape or dtype, is invalid (PyTorch's
    /// message where PyTorch has one); the tensor is unchanged.</exception>
    /// <exception cref="System.ArgumentNullException">The tensor is null.</exception>
    /// <exception cref="System.ObjectDisposedException">The tensor has been disposed.</exception>
    public static Tensor variance_scaling_(this Tensor tensor, double scale = 1.0, string mode = "fan_in",
        string distribution = "truncated_normal", Generator? generator = null) =>
        new VarianceScalingScheme(scale, mode, distribution).Apply(tensor, generator);

    /// <summary>gain·Q of the QR decomposition of a standard normal matrix, sign-corrected by diag(R): PyTorch's <c>orthogonal_</c>.</summary>
    /// <param name="tensor">The tensor to fill in place (returned).</param>
    /// <param name="gain">The scaling factor.</param>
    /// <param name="generator">The random source; null: the global generator (<c>torch.manual_seed</c>).</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="System.ArgumentException">An argument, or the tensor's shape or dtype, is invalid (PyTorch's
    /// message where PyTorch has one); the tensor is unchanged.</exception>
    /// <exception cref="System.ArgumentNullException">The tensor is null.</exception>
    /// <exception cref="System.ObjectDisposedException">The tensor has been disposed.</exception>
    public static Tensor orthogonal_(this Tensor tensor, double gain = 1.0, Generator? generator = null) =>
        new OrthogonalScheme(gain).Apply(tensor, generator);

    /// <summary>N(0, std²) with ceil(sparsity·rows) zeros per column (2-D tensors): PyTorch's <c>sparse_</c>.</summary>
    /// <param name="tensor">The tensor to fill in place (returned).</param>
    /// <param name="sparsity">The fraction of each column set to zero, in [0, 1].</param>
    /// <param name="std">The standard deviation.</param>
    /// <param name="generator">The random source; null: the global generator (<c>torch.manual_seed</c>).</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="System.ArgumentException">An argument, or the tensor's shape or dtype, is invalid (PyTorch's
    /// message where PyTorch has one); the tensor is unchanged.</exception>
    /// <exception cref="System.ArgumentNullException">The tensor is null.</exception>
    /// <exception cref="System.ObjectDisposedException">The tensor has been disposed.</exception>
    public static Tensor sparse_(this Tensor tensor, double sparsity, double std = 0.01, Generator? generator = null) =>
        new SparseScheme(sparsity, std).Apply(tensor, generator);
}
