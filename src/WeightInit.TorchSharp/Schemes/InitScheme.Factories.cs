namespace WeightInit.Schemes;

// Named constructors, one per torch.nn.init function, with PyTorch's parameter names and defaults.
public abstract partial record InitScheme
{
    public static InitScheme Uniform(double a = 0.0, double b = 1.0) => new UniformScheme(a, b);
    public static InitScheme Normal(double mean = 0.0, double std = 1.0) => new NormalScheme(mean, std);
    public static InitScheme TruncNormal(double mean = 0.0, double std = 1.0, double a = -2.0, double b = 2.0) => new TruncNormalScheme(mean, std, a, b);
    public static InitScheme Constant(double val) => new ConstantScheme(val);
    public static InitScheme Ones => ConstantScheme.OnesInstance;
    public static InitScheme Zeros => ConstantScheme.ZerosInstance;
    public static InitScheme Eye => new EyeScheme();
    public static InitScheme Dirac(int groups = 1) => new DiracScheme(groups);
    public static InitScheme XavierUniform(double gain = 1.0) => new XavierScheme(gain, Distribution.Uniform);
    public static InitScheme XavierNormal(double gain = 1.0) => new XavierScheme(gain, Distribution.Normal);
    public static InitScheme KaimingUniform(double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu") =>
        new KaimingScheme(a, mode, nonlinearity, Distribution.Uniform);
    public static InitScheme KaimingNormal(double a = 0, string mode = "fan_in", string nonlinearity = "leaky_relu") =>
        new KaimingScheme(a, mode, nonlinearity, Distribution.Normal);
    public static InitScheme LecunUniform => new LecunScheme(Distribution.Uniform);
    public static InitScheme LecunNormal => new LecunScheme(Distribution.Normal);
    public static InitScheme VarianceScaling(double scale = 1.0, string mode = "fan_in", string distribution = "truncated_normal") =>
        new VarianceScalingScheme(scale, mode, distribution);
    public static InitScheme Orthogonal(double gain = 1.0) => new OrthogonalScheme(gain);
    public static InitScheme Sparse(double sparsity, double std = 0.01) => new SparseScheme(sparsity, std);
}
