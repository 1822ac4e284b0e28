using System;
using WeightInit.Schemes;
using Xunit;

namespace WeightInit.Tests.Text;

/// <summary>Numbers in scheme and action text follow Python's literal syntax and give Python's float, to the bit;
/// what Python rejects is rejected with the position; a value that would be inf is an error.</summary>
public class PythonNumberTests
{
    static double Val(string number) => ((ConstantScheme)InitScheme.Parse($"constant_({number})")).Val;

    static long Bits(double d) => BitConverter.DoubleToInt64Bits(d);

    public static TheoryData<string, double> Valid => new()
    {
        { "1_000", 1000 },
        { "1_000.000_5", 1000.0005 },
        { "0_0", 0 },
        { "000", 0 },
        { "00.5", 0.5 },
        { ".5", 0.5 },
        { "5.", 5 },
        { "1.e5", 1e5 },
        { "1E+20", 1e20 },
        { "1e-400", 0 },
        { "5e-324", double.Epsilon },
        { "1.7976931348623157e308", double.MaxValue },
        { "0x_ff", 255 },
        { "0XFF", 255 },
        { "0o17", 15 },
        { "0b1_01", 5 },
        { "--1", 1 },
        { "+-+1", -1 },
        { "- 2", -2 },
        { "2*3/4", 1.5 },
        { "2/-4", -0.5 },
        { "-sqrt(4)", -2 },
        { "9007199254740993", 9007199254740992 },           // Python: float(2**53 + 1) rounds to even
        { "123456789012345678901234567890", 1.2345678901234568e29 },
        { "0x1_0000_0000_0000_0001", 18446744073709551616.0 }, // above a long, correctly rounded
    };

    [Theory, MemberData(nameof(Valid))]
    public void PythonLiteralsGivePythonsFloat(string number, double expected) => Assert.Equal(Bits(expected), Bits(Val(number)));

    [Theory]
    [InlineData("-0")]
    [InlineData("-0.0")]
    [InlineData("-0e5")]
    [InlineData("-(0)")]
    [InlineData("-0/1")]
    [InlineData("-1e-400")]
    public void NegativeZeroKeepsItsSignForANumberParameter(string number) => Assert.True(double.IsNegative(Val(number)));

    [Fact]
    public void SignsFoldForAnIntegerParameter() => Assert.Equal(InitScheme.Dirac(2), InitScheme.Parse("dirac_(groups=--2)"));

    // number, fragment.
    [Theory]
    [InlineData("_1", "'val' expects a number, but got _1")]
    [InlineData("1__0", "invalid number literal '1__0' at position 10: '_' must stand between digits")]
    [InlineData("1_", "'_' must stand between digits")]
    [InlineData("1_.0", "'_' must stand between digits")]
    [InlineData("1._0", "'_' must stand between digits")]
    [InlineData("1e_5", "an exponent needs digits")]
    [InlineData("1e", "an exponent needs digits")]
    [InlineData("1e+", "an exponent needs digits")]
    [InlineData("1.2.3", "invalid number literal '1.2.3' at position 10")]
    [InlineData("01", "leading zeros in decimal integer literals are not permitted")]
    [InlineData("0_1", "leading zeros")]
    [InlineData("0x", "expected base-16 digits")]
    [InlineData("0b2", "expected base-2 digits")]
    [InlineData("0x1g", "unexpected 'g'")]
    [InlineData("1j", "unexpected 'j'")]
    [InlineData("1abc", "unexpected 'a'")]
    [InlineData(".", "expected a value at position 10")]
    [InlineData("1e400", "the number at position 10 is too large for a float (it would be inf)")]
    [InlineData("-1e400", "too large for a float")]
    [InlineData("1e308*10", "val must be a finite number, but found inf")]
    [InlineData("1/0", "val must be a finite number, but found inf")]
    [InlineData("0/0", "val must be a finite number, but found nan")]
    [InlineData("sqrt(-1)", "math domain error")]
    [InlineData("2**3", "'**' is not supported")]
    [InlineData("True/2", "expected a number at position 10, but got True")]
    public void PythonInvalidNumbersAreRejected(string number, string fragment)
    {
        string text = $"constant_({number})";
        Assert.False(InitScheme.TryParse(text, out var scheme, out var error));
        Assert.Null(scheme);
        Assert.Contains(fragment, error);
        Assert.Contains(fragment, Assert.Throws<ArgumentException>(() => InitScheme.Parse(text)).Message);
    }

    [Fact]
    public void AnIntegerTooLargeForAFloatIsRejected()
    {
        Assert.False(InitScheme.TryParse("constant_(1" + new string('0', 309) + ")", out _, out var error));
        Assert.Contains("the integer at position 10 is too large to convert to a float", error);
        Assert.False(InitScheme.TryParse("constant_(0x" + new string('f', 300) + ")", out _, out error));
        Assert.Contains("too large to convert to a float", error);
        // 10**308 still fits.
        Assert.Equal(1e308, Val("1" + new string('0', 308)));
    }

    [Fact]
    public void NegativeZeroDifferingFromAZeroDefaultIsPrinted()
    {
        // uniform_'s a defaults to 0; -0.0 used to be dropped as "equal to the default" and so lost its sign.
        var scheme = InitScheme.Uniform(-0.0, 1);
        Assert.Equal("uniform_(a=-0)", scheme.ToString());
        Assert.True(double.IsNegative(((UniformScheme)InitScheme.Parse(scheme.ToString())).A));
        Assert.Equal("constant_(val=-0)", InitScheme.Constant(-0.0).ToString());
        Assert.True(double.IsNegative(Val("-0")));
    }
}
