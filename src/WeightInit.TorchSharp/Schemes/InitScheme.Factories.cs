using System;

namespace WeightInit.Schemes;

// Named constructors, one per torch.nn.init function, with PyTorch's parameter names and defaults.
public abstract partial record InitScheme
{
    /// <summary><c>uniform_(a, b)</c>: U(a, b).</summary>
    /// <param name="a">The lower bound.</param>
    /// <param name="b">The upper bound.</param>
    /// <exception cref="ArgumentException">A non-finite bound, or a &gt; b.</exception>
    public static InitScheme Uniform(double a = 0.0, double b = 1.0) => new UniformScheme(a, b);

    /// <summary><c>normal_(mean, std)</c>: N(mean, std²).</summary>
    /// <param name="mean">The mean.</param>
    /// <param name="std">The standard deviation.</param>
    /// <exception cref="ArgumentException">A non-finite mean, or a negative or non-finite std.</exception>
    public static InitScheme Normal(double mean = 0.0, double std = 1.0) => new NormalScheme(mean, std);

    /// <summary><c>trunc_normal_(mean, std, a, b)</c>: N(mean, std²) truncated to [a, b] (absolute bounds).</summary>
    /// <param name="mean">The mean.</param>
    /// <param name="std">The standard deviation.</param>
    /// <param name="a">The lower bound.</param>
    /// <param name="b">The upper bound.</param>
    /// <exception cref="ArgumentException">A non-finite argument, a std that is not positive, or b &lt;= a.</exception>
    public static InitScheme TruncNormal(double mean = 0.0, double std = 1.0, double a = -2.0, double b = 2.0) => new TruncNormalScheme(mean, std, a, b);

    /// <summary><c>constant_(val)</c>.</summary>
    /// <param name="val">The value.</param>
    /// <exception cref="ArgumentException"><paramref name="val"/> is not finite.</exception>
    public static InitScheme Constant(double val) => new ConstantScheme(val);

    /// <summary><c>ones_()</c>.</summary>
    public static InitScheme Ones => ConstantScheme.OnesInstance;

    /// <summary><c>zeros_()</c>.</summary>
    public static InitScheme Zeros => ConstantScheme.ZerosInstance;

    /// <summary><c>eye_()</c>: the identity matrix (2-D tensors).</summary>
    public static InitScheme Eye => new EyeScheme();

    /// <summary><c>dirac_(groups)</c>: the identity convolution per group (3- to 5-D tensors).</summary>
    /// <param name="groups">The number of groups along dim 0.</param>
    /// <exception cref="ArgumentException"><paramref name="groups"/> is not positive.</exception>
    public static InitScheme Dirac(int groups = 1) => new DiracScheme(groups);

    /// <summary><c>xavier_uniform_(gain)</c>: U(±gain·sqrt(6/(fan_in+fan_out))).</summary>
    /// <param name="gain">The scaling factor.</param>
    /// <exception cref="ArgumentException">A negative or non-finite gain.</exception>
    public static InitScheme XavierUniform(double gain = 1.0) => new XavierScheme(gain, Distribution.Uniform);

    /// <summary><c>xavier_normal_(gain)</c>: N(0, gain²·2/(fan_in+fan_out)).</summary>
    /// <param name="gain">The scaling factor.</param>
    /// <exception cref="ArgumentException">A negative or non-finite gain.</exception>
    public static InitScheme XavierNormal(double gain = 1.0) => new XavierScheme(gain, Distribution.Normal);

    /// <summary><c>kaiming_uniform_(a, mode, nonlinearity)</c>: U(±gain·sqrt(3/fan)).</summary>
    /// <param name="a">The negative slope of the leaky ReLU that follows.</param>
    /// <param name="mode"><c>"fan_in"</c> or <c>"fan_out"</c>.</param>
    /// <param name="nonlinearity">calculate_gain's nonlinearity.</param>
    /// <exception cref="ArgumentException">An unsupported mode or nonlinearity, or a non-finite slope.</exception>
    public static InitScheme KaimingUniform(double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu") =>
        new KaimingScheme(a, mode, nonlinearity, Distribution.Uniform);

    /// <summary><c>kaiming_normal_(a, mode, nonlinearity)</c>: N(0, gain²/fan).</summary>
    /// <param name="a">The negative slope of the leaky ReLU that follows.</param>
    /// <param name="mode"><c>"fan_in"</c> or <c>"fan_out"</c>.</param>
    /// <param name="nonlinearity">calculate_gain's nonlinearity.</param>
    /// <exception cref="ArgumentException">An unsupported mode or nonlinearity, or a non-finite slope.</exception>
    public static InitScheme KaimingNormal(double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu") =>
        new KaimingScheme(a, mode, nonlinearity, Distribution.Normal);

    /// <summary><c>lecun_uniform_()</c>: U(±sqrt(3/fan_in)).</summary>
    public static InitScheme LecunUniform => new LecunScheme(Distribution.Uniform);

    /// <summary><c>lecun_normal_()</c>: N(0, 1/fan_in).</summary>
    public static InitScheme LecunNormal => new LecunScheme(Distribution.Normal);

    /// <summary><c>variance_scaling_(scale, mode, distribution)</c>: JAX's variance scaling, variance scale/n.</summary>
    /// <param name="scale">The variance scale.</param>
    /// <param name="mode"><c>"fan_in"</c>, <c>"fan_out"</c>, <c>"fan_avg"</c> or <c>"fan_geo_avg"</c>.</param>
    /// <param name="distribution"><c>"truncated_normal"</c>, <c>"normal"</c> or <c>"uniform"</c>.</param>
    /// <exception cref="ArgumentException">A scale that is not positive and finite, or an unknown mode or distribution.</exception>
    public static InitScheme VarianceScaling(double scale = 1.0, string mode = "fan_in", string distribution = "truncated_normal") =>
        new VarianceScalingScheme(scale, mode, distribution);

    /// <summary><c>orthogonal_(gain)</c>: gain·Q of the QR of a standard normal matrix.</summary>
    /// <param name="gain">The scaling factor.</param>
    /// <exception cref="ArgumentException">A negative or non-finite gain.</exception>
    public static InitScheme Orthogonal(double gain = 1.0) => new OrthogonalScheme(gain);

    /// <summary><c>sparse_(sparsity, std)</c>: N(0, std²) with ceil(sparsity·rows) zeros per column (2-D tensors).</summary>
    /// <param name="sparsity">The fraction of each column set to zero, in [0, 1].</param>
    /// <param name="std">The standard deviation.</param>
    /// <exception cref="ArgumentException">Sparsity outside [0, 1], or a negative or non-finite std.</exception>
    public static InitScheme Sparse(double sparsity, double std = 0.01) => new SparseScheme(sparsity, std);
}
