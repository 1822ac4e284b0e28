using System;
using System.Linq;
using System.Runtime.InteropServices;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Policy;
using WeightInit.Schemes;
using Xunit;
using static TorchSharp.torch;

namespace WeightInit.Tests.Engine;

/// <summary><c>scaled(factor, scheme)</c> in one pass: the kernels multiply each float32 value as they make it, and the
/// result has exactly the bits of the draw followed by float32 <c>mul_(factor)</c>, the two passes it replaces; other
/// dtypes and staged draws get the mul_ after the write. Every case is compared with the two-pass reference.</summary>
public unsafe class MultipliedDrawTests
{
    static readonly double[] Factors = { 1 / Math.Sqrt(96), -3.7, 1e-30, 0, 1e30 };

    [Theory]
    [InlineData(CounterGenerator.Ars)]
    [InlineData(CounterGenerator.Philox)]
    public void KernelsMultiplyAsMulWould(CounterGenerator generator)
    {
        var ops = KernelOps.EveryBranch(generator);
        // Three chunks or more (the parallel path), a start inside a group (the scratch head and tail), and enough
        // elements for the non-temporal stores.
        const long start = 1234567, n = (1 << 20) + 4321;
        float* fused = (float*)NativeMemory.AlignedAlloc((nuint)n * sizeof(float), 64);
        float* twoPass = (float*)NativeMemory.AlignedAlloc((nuint)n * sizeof(float), 64);
        try
        {
            foreach (var op in ops)
                foreach (double factor in Factors)
                {
                    CounterRange.F32(op with { Multiplied = true, Multiplier = (float)factor }, fused, start, n, -1);
                    CounterRange.F32(op, twoPass, start, n, -1);
                    float f = (float)factor;
                    for (long i = 0; i < n; i++)
                    {
                        float expected = twoPass[i] * f;
                        if (BitConverter.SingleToInt32Bits(expected) != BitConverter.SingleToInt32Bits(fused[i]))
                            Assert.Fail($"{op.Draw} {generator} ×{factor:R} element {i}: {fused[i]:R}, two passes give {expected:R}");
                    }
                }
        }
        finally
        {
            NativeMemory.AlignedFree(fused);
            NativeMemory.AlignedFree(twoPass);
        }
    }

    [Fact]
    public void OnlyFloat32OutputsTakeTheMultiplier()
    {
        var op = new CounterOp(Draw.Uniform, CounterGenerator.Ars, 1, 2, 0, 1) with { Multiplied = true, Multiplier = 2 };
        var d = new double[8];
        var h = new ushort[8];
        fixed (double* pd = d)
        fixed (ushort* ph = h)
        {
            double* cd = pd;
            ushort* ch = ph;
            Assert.Throws<InvalidOperationException>(() => CounterRange.F64(op, cd, 0, 8, 1));
            Assert.Throws<InvalidOperationException>(() => CounterRange.F16(op, ch, 0, 8, 1));
            Assert.Throws<InvalidOperationException>(() => CounterRange.BF16(op, ch, 0, 8, 1));
        }
    }

    public static TheoryData<string, ScalarType, bool> StreamCases()
    {
        var data = new TheoryData<string, ScalarType, bool>();
        string[] schemes =
        {
            "normal_(std=0.02)", "normal_(mean=0.3, std=2)",
            "trunc_normal_(std=0.02)",          // the clamped normal (bounds beyond 8 std)
            "trunc_normal_()",                  // the float erfinv
            "trunc_normal_(std=1, a=-4, b=4)",  // the double erfinv, staged and rounded
            "uniform_(a=-0.3, b=0.7)", "kaiming_uniform_(a=2.23606797749979)", "xavier_normal_()", "lecun_normal_()",
            "variance_scaling_(scale=1e-300)",  // a std that vanishes: a fill, no draw
        };
        foreach (var s in schemes)
            foreach (var dtype in new[] { ScalarType.Float32, ScalarType.Float64, ScalarType.Float16, ScalarType.BFloat16 })
                foreach (bool strided in new[] { false, true })
                    data.Add(s, dtype, strided);
        return data;
    }

    /// <summary>Through a multiplied stream, every dtype and layout (a transposed view is staged) gets the bits of
    /// the scheme followed by mul_(factor) in its dtype, and the multiplication says it was done (unless no draw was
    /// made).</summary>
    [Theory]
    [MemberData(nameof(StreamCases))]
    public void AMultipliedStreamGivesTheSchemeThenMul(string schemeText, ScalarType dtype, bool strided)
    {
        var scheme = InitScheme.Parse(schemeText);
        var engine = InitEngine.Counter(11);
        foreach (double factor in Factors.Where(f => Math.Abs(f) < 1e29))
        {
            using var scope = NewDisposeScope();
            using var guard = no_grad();
            Tensor Target() => strided ? empty(new long[] { 53, 37 }, dtype).t() : empty(new long[] { 37, 53 }, dtype);
            var fused = Target();
            var twoPass = Target();
            var multiplication = new CounterStream.Multiplication(factor);
            scheme.Apply(fused, engine.Stream("w").At(77).MultipliedBy(multiplication));
            scheme.Apply(twoPass, engine.Stream("w").At(77));
            twoPass.mul_(factor);
            // A vanishing std is a fill that reads no stream: the multiplication is left to the caller (scaled's mul_).
            if (!schemeText.Contains("1e-300", StringComparison.Ordinal)) Assert.True(multiplication.Done);
            if (!multiplication.Done) fused.mul_(factor);
            AssertSameBits(twoPass, fused, $"{schemeText} {dtype} strided={strided} ×{factor:R}");
        }
    }

    [Fact]
    public void AMultipliedStreamServesOneDrawOnly()
    {
        var stream = InitEngine.Counter(1).Stream("w").MultipliedBy(new CounterStream.Multiplication(2));
        using var t = empty(4, 4);
        InitScheme.Parse("normal_()").Apply(t, stream);
        Assert.Throws<InvalidOperationException>(() => InitScheme.Parse("normal_()").Apply(t, stream));
        Assert.Throws<InvalidOperationException>(() => InitScheme.Parse("orthogonal_()").Apply(t, InitEngine.Counter(1).Stream("w").MultipliedBy(new CounterStream.Multiplication(2))));
    }

    /// <summary>The presets' scaled projections (GPT-2's residual scaling) through ApplyInit: the same bits as the
    /// inner scheme's draw from the parameter's stream, then mul_.</summary>
    [Fact]
    public void TheTransformerPresetsScaledProjectionsAreTheDrawThenMul()
    {
        using var model = nn.Sequential(("h", nn.Sequential(("c_fc", nn.Linear(64, 256)), ("c_proj", nn.Linear(256, 64)))));
        var policy = InitPolicy.Transformer(std: 0.02, nLayer: 3);
        var report = model.ApplyInit(policy, InitEngine.Counter(5));
        Assert.StartsWith("scaled(", report["h.c_proj.weight"].Action, StringComparison.Ordinal);
        using var expected = empty(new long[] { 64, 256 });
        using (no_grad())
        {
            InitScheme.Parse("trunc_normal_(std=0.02)").Apply(expected, InitEngine.Counter(5).Stream("h.c_proj.weight"));
            expected.mul_(1 / Math.Sqrt(2.0 * 3));
        }
        AssertSameBits(expected, model.get_parameter("h.c_proj.weight")!, "h.c_proj.weight");
    }

    static void AssertSameBits(Tensor expected, Tensor actual, string what)
    {
        using var e = expected.contiguous();
        using var a = actual.detach().contiguous();
        var x = e.bytes.ToArray();
        var y = a.bytes.ToArray();
        Assert.Equal(x.Length, y.Length);
        int first = x.AsSpan().CommonPrefixLength(y);
        Assert.True(first == x.Length, $"{what}: byte {first} of {x.Length} differs from the two-pass values");
    }
}
