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
    /// <summary>U(a, b), as PyTorch's <c>uniform_</c>.</summary>
    /// <param name="tensor">The tensor to fill in place (returned).</param>
    /// <param name="source">The random source: <see cref="RandomSource.Torch"/> or a counter engine's stream.</param>
    /// <param name="a">The lower bound.</param>
    /// <param name="b">The upper bound.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="System.ArgumentException">An argument, or the tensor's shape or dtype, is invalid (PyTorch's
    /// message where PyTorch has one), or the fill would pass the end of a counter stream; the tensor is unchanged.</exception>
    /// <exception cref="System.ArgumentNullException">The tensor or the source is null.</exception>
    /// <exception cref="System.ObjectDisposedException">The tensor has been disposed.</exception>
    public static Tensor uniform_(this Tensor tensor, RandomSource source, double a = 0.0, double b = 1.0) =>
        Apply(new UniformScheme(a, b), tensor, source);

    /// <summary>N(mean, std²), as PyTorch's <c>normal_</c>.</summary>
    /// <param name="tensor">The tensor to fill in place (returned).</param>
    /// <param name="source">The random source: <see cref="RandomSource.Torch"/> or a counter engine's stream.</param>
    /// <param name="mean">The mean.</param>
    /// <param name="std">The standard deviation.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="System.ArgumentException">An argument, or the tensor's shape or dtype, is invalid (PyTorch's
    /// message where PyTorch has one), or the fill would pass the end of a counter stream; the tensor is unchanged.</exception>
    /// <exception cref="System.ArgumentNullException">The tensor or the source is null.</exception>
    /// <exception cref="System.ObjectDisposedException">The tensor has been disposed.</exception>
    public static Tensor normal_(this Tensor tensor, RandomSource source, double mean = 0.0, double std = 1.0) =>
        Apply(new NormalScheme(mean, std), tensor, source);

    /// <summary>N(mean, std²) truncated to [a, b] (absolute bounds), as <see cref="TensorInitExtensions.trunc_normal_"/>.</summary>
    /// <param name="tensor">The tensor to fill in place (returned).</param>
    /// <param name="source">The random source: <see cref="RandomSource.Torch"/> or a counter engine's stream.</param>
    /// <param name="mean">The mean.</param>
    /// <param name="std">The standard deviation.</param>
    /// <param name="a">The lower truncation bound.</param>
    /// <param name="b">The upper truncation bound.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="System.ArgumentException">An argument, or the tensor's shape or dtype, is invalid (PyTorch's
    /// message where PyTorch has one), or the fill would pass the end of a counter stream; the tensor is unchanged.</exception>
    /// <exception cref="System.ArgumentNullException">The tensor or the source is null.</exception>
    /// <exception cref="System.ObjectDisposedException">The tensor has been disposed.</exception>
    public static Tensor trunc_normal_(this Tensor tensor, RandomSource source, double mean = 0.0, double std = 1.0, double a = -2.0, double b = 2.0) =>
        Apply(new TruncNormalScheme(mean, std, a, b), tensor, source);

    /// <summary>U(±gain·sqrt(6/(fan_in+fan_out))), as <see cref="TensorInitExtensions.xavier_uniform_"/>.</summary>
    /// <param name="tensor">The tensor to fill in place (returned).</param>
    /// <param name="source">The random source: <see cref="RandomSource.Torch"/> or a counter engine's stream.</param>
    /// <param name="gain">The scaling factor.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="System.ArgumentException">An argument, or the tensor's shape or dtype, is invalid (PyTorch's
    /// message where PyTorch has one), or the fill would pass the end of a counter stream; the tensor is unchanged.</exception>
    /// <exception cref="System.ArgumentNullException">The tensor or the source is null.</exception>
    /// <exception cref="System.ObjectDisposedException">The tensor has been disposed.</exception>
    public static Tensor xavier_uniform_(this Tensor tensor, RandomSource source, double gain = 1.0) =>
        Apply(new XavierScheme(gain, Distribution.Uniform), tensor, source);

    /// <summary>N(0, gain²·2/(fan_in+fan_out)), as <see cref="TensorInitExtensions.xavier_normal_"/>.</summary>
    /// <param name="tensor">The tensor to fill in place (returned).</param>
    /// <param name="source">The random source: <see cref="RandomSource.Torch"/> or a counter engine's stream.</param>
    /// <param name="gain">The scaling factor.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="System.ArgumentException">An argument, or the tensor's shape or dtype, is invalid (PyTorch's
    /// message where PyTorch has one), or the fill would pass the end of a counter stream; the tensor is unchanged.</exception>
    /// <exception cref="System.ArgumentNullException">The tensor or the source is null.</exception>
    /// <exception cref="System.ObjectDisposedException">The tensor has been disposed.</exception>
    public static Tensor xavier_normal_(this Tensor tensor, RandomSource source, double gain = 1.0) =>
        Apply(new XavierScheme(gain, Distribution.Normal), tensor, source);

    /// <summary>U(±gain·sqrt(3/fan)), as <see cref="TensorInitExtensions.kaiming_uniform_"/>.</summary>
    /// <param name="tensor">The tensor to fill in place (returned).</param>
    /// <param name="source">The random source: <see cref="RandomSource.Torch"/> or a counter engine's stream.</param>
    /// <param name="a">The negative slope of the leaky ReLU that follows.</param>
    /// <param name="mode"><c>"fan_in"</c> or <c>"fan_out"</c>.</param>
    /// <param name="nonlinearity">The nonlinearity that follows (calculate_gain's name).</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="System.ArgumentException">An argument, or the tensor's shape or dtype, is invalid (PyTorch's
    /// message where PyTorch has one), or the fill would pass the end of a counter stream; the tensor is unchanged.</exception>
    /// <exception cref="System.ArgumentNullException">The tensor or the source is null.</exception>
    /// <exception cref="System.ObjectDisposedException">The tensor has been disposed.</exception>
    public static Tensor kaiming_uniform_(this Tensor tensor, RandomSource source, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu") =>
        Apply(new KaimingScheme(a, mode, nonlinearity, Distribution.Uniform), tensor, source);

    /// <summary>N(0, gain²/fan), as <see cref="TensorInitExtensions.kaiming_normal_"/>.</summary>
    /// <param name="tensor">The tensor to fill in place (returned).</param>
    /// <param name="source">The random source: <see cref="RandomSource.Torch"/> or a counter engine's stream.</param>
    /// <param name="a">The negative slope of the leaky ReLU that follows.</param>
    /// <param name="mode"><c>"fan_in"</c> or <c>"fan_out"</c>.</param>
    /// <param name="nonlinearity">The nonlinearity that follows (calculate_gain's name).</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="System.ArgumentException">An argument, or the tensor's shape or dtype, is invalid (PyTorch's
    /// message where PyTorch has one), or the fill would pass the end of a counter stream; the tensor is unchanged.</exception>
    /// <exception cref="System.ArgumentNullException">The tensor or the source is null.</exception>
    /// <exception cref="System.ObjectDisposedException">The tensor has been disposed.</exception>
    public static Tensor kaiming_normal_(this Tensor tensor, RandomSource source, double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu") =>
        Apply(new KaimingScheme(a, mode, nonlinearity, Distribution.Normal), tensor, source);

    /// <summary>U(±sqrt(3/fan_in)), as <see cref="TensorInitExtensions.lecun_uniform_"/>.</summary>
    /// <param name="tensor">The tensor to fill in place (returned).</param>
    /// <param name="source">The random source: <see cref="RandomSource.Torch"/> or a counter engine's stream.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="System.ArgumentException">An argument, or the tensor's shape or dtype, is invalid (PyTorch's
    /// message where PyTorch has one), or the fill would pass the end of a counter stream; the tensor is unchanged.</exception>
    /// <exception cref="System.ArgumentNullException">The tensor or the source is null.</exception>
    /// <exception cref="System.ObjectDisposedException">The tensor has been disposed.</exception>
    public static Tensor lecun_uniform_(this Tensor tensor, RandomSource source) => Apply(new LecunScheme(Distribution.Uniform), tensor, source);

    /// <summary>N(0, 1/fan_in), as <see cref="TensorInitExtensions.lecun_normal_"/>.</summary>
    /// <param name="tensor">The tensor to fill in place (returned).</param>
    /// <param name="source">The random source: <see cref="RandomSource.Torch"/> or a counter engine's stream.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="System.ArgumentException">An argument, or the tensor's shape or dtype, is invalid (PyTorch's
    /// message where PyTorch has one), or the fill would pass the end of a counter stream; the tensor is unchanged.</exception>
    /// <exception cref="System.ArgumentNullException">The tensor or the source is null.</exception>
    /// <exception cref="System.ObjectDisposedException">The tensor has been disposed.</exception>
    public static Tensor lecun_normal_(this Tensor tensor, RandomSource source) => Apply(new LecunScheme(Distribution.Normal), tensor, source);

    /// <summary>JAX's variance scaling, as <see cref="TensorInitExtensions.variance_scaling_"/>.</summary>
    /// <param name="tensor">The tensor to fill in place (returned).</param>
    /// <param name="source">The random source: <see cref="RandomSource.Torch"/> or a counter engine's stream.</param>
    /// <param name="scale">The variance scale.</param>
    /// <param name="mode"><c>"fan_in"</c>, <c>"fan_out"</c>, <c>"fan_avg"</c> or <c>"fan_geo_avg"</c>.</param>
    /// <param name="distribution"><c>"truncated_normal"</c>, <c>"normal"</c> or <c>"uniform"</c>.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="System.ArgumentException">An argument, or the tensor's shape or dtype, is invalid (PyTorch's
    /// message where PyTorch has one), or the fill would pass the end of a counter stream; the tensor is unchanged.</exception>
    /// <exception cref="System.ArgumentNullException">The tensor or the source is null.</exception>
    /// <exception cref="System.ObjectDisposedException">The tensor has been disposed.</exception>
    public static Tensor variance_scaling_(this Tensor tensor, RandomSource source, double scale = 1.0, string mode = "fan_in", string distribution = "truncated_normal") =>
        Apply(new VarianceScalingScheme(scale, mode, distribution), tensor, source);

    /// <summary>gain·Q of a QR decomposition, as <see cref="TensorInitExtensions.orthogonal_"/>.</summary>
    /// <param name="tensor">The tensor to fill in place (returned).</param>
    /// <param name="source">The random source: <see cref="RandomSource.Torch"/> or a counter engine's stream.</param>
    /// <param name="gain">The scaling factor.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="System.ArgumentException">An argument, or the tensor's shape or dtype, is invalid (PyTorch's
    /// message where PyTorch has one), or the fill would pass the end of a counter stream; the tensor is unchanged.</exception>
    /// <exception cref="System.ArgumentNullException">The tensor or the source is null.</exception>
    /// <exception cref="System.ObjectDisposedException">The tensor has been disposed.</exception>
    public static Tensor orthogonal_(this Tensor tensor, RandomSource source, double gain = 1.0) => Apply(new OrthogonalScheme(gain), tensor, source);

    /// <summary>N(0, std²) with ceil(sparsity·rows) zeros per column, as <see cref="TensorInitExtensions.sparse_"/>.</summary>
    /// <param name="tensor">The tensor to fill in place (returned).</param>
    /// <param name="source">The random source: <see cref="RandomSource.Torch"/> or a counter engine's stream.</param>
    /// <param name="sparsity">The fraction of each column set to zero, in [0, 1].</param>
    /// <param name="std">The standard deviation.</param>
    /// <returns>The tensor.</returns>
    /// <exception cref="System.ArgumentException">An argument, or the tensor's shape or dtype, is invalid (PyTorch's
    /// message where PyTorch has one), or the fill would pass the end of a counter stream; the tensor is unchanged.</exception>
    /// <exception cref="System.ArgumentNullException">The tensor or the source is null.</exception>
    /// <exception cref="System.ObjectDisposedException">The tensor has been disposed.</exception>
    public static Tensor sparse_(this Tensor tensor, RandomSource source, double sparsity, double std = 0.01) =>
        Apply(new SparseScheme(sparsity, std), tensor, source);

    static Tensor Apply(InitScheme scheme, Tensor tensor, RandomSource source) => scheme.Apply(tensor, source);
}
