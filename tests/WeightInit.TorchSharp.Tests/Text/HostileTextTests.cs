using System;
using System.Diagnostics;
using System.Text;
using WeightInit.Policy;
using WeightInit.Policy.Actions;
using WeightInit.Schemes;
using Xunit;

namespace WeightInit.Tests.Text;

/// <summary>Text that attacks the parsers (deep nesting, megabytes of input) gives false or an ArgumentException
/// that names the limit and the position, in linear time. Before the shared reader, deep nesting overflowed the
/// stack (killing the process) and nested blocks(...) in actions were parsed in quadratic time.</summary>
public class HostileTextTests
{
    // A hang guard, not a timing claim: the quadratic reader took 70-80 s on these inputs and then crashed.
    static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(15);

    static string Repeat(string s, int n) => new StringBuilder(s.Length * n).Insert(0, s, n).ToString();

    static T Guarded<T>(Func<T> f)
    {
        var sw = Stopwatch.StartNew();
        var result = f();
        Assert.True(sw.Elapsed < HangGuard, $"took {sw.Elapsed}");
        return result;
    }

    // TryParse under the hang guard: false, no scheme, and the reason, which is short whatever the text's size.
    static string Rejected(string text)
    {
        InitScheme? scheme = null;
        string? error = null;
        Assert.False(Guarded(() => InitScheme.TryParse(text, out scheme, out error)));
        Assert.Null(scheme);
        Assert.NotNull(error);
        Assert.True(error!.Length < 2000, error[..200]);
        return error;
    }

    static string Nested(string open, int n, string inner = "1") => Repeat(open, n) + inner + Repeat(")", n);

    static string NestedBlocks(int n) => Nested("blocks(1, ", n, "zeros_()");

    public static TheoryData<string> DeepOpeners => new() { "(", "sqrt(", "-(", "math.sqrt(", "+(-(" };

    [Theory, MemberData(nameof(DeepOpeners))]
    public void DeeplyNestedNumbersAreRejectedNotACrash(string opener)
    {
        string text = "constant_(" + Nested(opener, 100_000) + ")";
        string message = Rejected(text);
        Assert.Contains($"nested deeper than {CallReader.MaxDepth} levels", message);
        Assert.Contains("at position", message);
        var e = Assert.Throws<ArgumentException>(() => InitScheme.Parse(text));
        Assert.Contains("nested deeper", e.Message);
        Assert.True(e.Message.Length < 1000, "the message quotes an excerpt, not 200 KB of text");
    }

    [Fact]
    public void NestingUpToTheLimitIsAccepted()
    {
        // constant_( is one level, so 99 more are the most.
        Assert.Equal(InitScheme.Constant(2), InitScheme.Parse("constant_(" + Nested("(", 99, "2") + ")"));
        Assert.Equal(InitScheme.Constant(-2), InitScheme.Parse("constant_(" + Nested("-(", 99, "2") + ")"));
        Assert.False(InitScheme.TryParse("constant_(" + Nested("(", 100, "2") + ")", out _, out var error));
        // 10 characters of "constant_(" then 99 accepted '(' : the 101st level opens at position 109.
        Assert.Contains("deeper than 100 levels, at position 109", error);
    }

    [Fact]
    public void DeeplyNestedBlocksInAnActionAreAnArgumentException()
    {
        var e = Guarded(() => Assert.Throws<ArgumentException>(() => InitAction.Parse(NestedBlocks(50_000))));
        Assert.Contains("nested deeper than 100 levels", e.Message);
        Assert.Contains("at position", e.Message);

        var deepest = InitAction.Parse(NestedBlocks(99));
        Assert.Equal(NestedBlocks(99), deepest.ToString());
        Assert.Equal(deepest, InitAction.Parse(deepest.ToString()));
        Assert.Throws<ArgumentException>(() => InitAction.Parse(NestedBlocks(100)));
    }

    [Fact]
    public void DeeplyNestedBlocksInJsonAreAnArgumentExceptionNamingTheRuleAndField()
    {
        string json = "{\"rules\": [{\"param\": \"bias\", \"init\": \"zeros_\"}, {\"param\": \"w\", \"init\": \"" + NestedBlocks(50_000) + "\"}]}";
        var e = Guarded(() => Assert.Throws<ArgumentException>(() => InitPolicy.FromJson(json)));
        Assert.Contains("rule #2, field \"init\"", e.Message);
        Assert.Contains("nested deeper than 100 levels", e.Message);
        Assert.True(e.Message.Length < 2000);
    }

    [Theory]
    [InlineData("[", "]")]
    [InlineData("{\"a\":", "}")]
    public void DeeplyNestedJsonIsAnArgumentException(string open, string close)
    {
        string json = "{\"rules\": " + Repeat(open, 100_000) + Repeat(close, 100_000) + "}";
        var e = Guarded(() => Assert.Throws<ArgumentException>(() => InitPolicy.FromJson(json)));
        Assert.Contains("not valid JSON", e.Message);
        Assert.Contains("depth", e.Message);
    }

    // ---- megabytes of text: linear time, a short message ---------------------------------------------------------

    const int TenMB = 10_000_000;

    [Fact]
    public void TenMegabytesOfDigitsIsAnIntegerTooLarge()
    {
        Assert.Contains("too large to convert to a float", Rejected("constant_(" + Repeat("7", TenMB) + ")"));
        Assert.Contains("too large for a float", Rejected("constant_(" + Repeat("7", TenMB) + ".0)"));
    }

    [Fact]
    public void TenMegabytesOfValidTextParse()
    {
        Assert.Equal(InitScheme.Constant(1), Guarded(() => InitScheme.Parse("constant_(" + Repeat(" ", TenMB) + "1)")));
        Assert.Equal(InitScheme.Constant(-1), Guarded(() => InitScheme.Parse("constant_(" + Repeat("-", TenMB - 1) + "1)")));
        Assert.Equal(InitScheme.Constant(0.5), Guarded(() => InitScheme.Parse("constant_(0.5" + Repeat("0", TenMB) + ")")));
        Assert.Equal(InitScheme.Constant(1), Guarded(() => InitScheme.Parse("constant_(1" + Repeat("/1", 1_000_000) + ")")));
        Assert.Equal("scaled(0.5, zeros_())", Guarded(() => InitAction.Parse("scaled(0.5," + Repeat(" ", TenMB) + "zeros_)")).ToString());
    }

    [Fact]
    public void AHugeArgumentListStopsAtTheArgumentLimit()
    {
        Assert.Contains($"more than {CallReader.MaxArguments} arguments", Rejected("constant_(" + Repeat("1,", TenMB / 2) + ")"));
        Assert.Contains($"more than {CallReader.MaxArguments} arguments", Rejected("constant_(" + Repeat("1,", CallReader.MaxArguments + 1) + ")"));
        // At the limit the reader passes it on, and the scheme says how many it takes.
        string message = Rejected("constant_(" + Repeat("1,", CallReader.MaxArguments) + ")");
        Assert.Contains($"takes 1 argument(s) (val) but {CallReader.MaxArguments} were given", message);
    }

    [Fact]
    public void TenMegabyteWordsAndNamesGiveShortMessages()
    {
        string word = Repeat("x", TenMB);
        foreach (var text in new[] { word, "constant_(" + word + ")", "xavier_uniform_(" + word + "=1)", "zeros_()" + word, "kaiming_normal_(mode='" + word })
        {
            Rejected(text);
            var e = Assert.Throws<ArgumentException>(() => InitAction.Parse(text));
            Assert.True(e.Message.Length < 4000);
        }
    }

    [Fact]
    public void TenMegabytesOfJsonParseInLinearTime()
    {
        string json = "{\"rules\": [{\"init\": \"" + Repeat(" ", TenMB) + "zeros_\"}]}";
        Assert.Equal("zeros_()", Guarded(() => InitPolicy.FromJson(json)).Rules[0].Action.ToString());

        var sb = new StringBuilder("{\"rules\": [");
        for (int i = 0; i < 20_000; i++)
            sb.Append(i == 0 ? "" : ",").Append("{\"layer\": \"Linear\", \"init\": \"blocks(3, scaled(0.5, xavier_uniform_(gain=1/sqrt(2))))\"}");
        var policy = Guarded(() => InitPolicy.FromJson(sb.Append("]}").ToString()));
        Assert.Equal(20_000, policy.Rules.Length);
        Assert.Equal("blocks(3, scaled(0.5, xavier_uniform_(gain=0.7071067811865475)))", policy.Rules[^1].Action.ToString());

        var bad = Guarded(() => Assert.Throws<ArgumentException>(() => InitPolicy.FromJson("{\"rules\": [{\"init\": \"" + Repeat("(", TenMB) + "\"}]}")));
        Assert.Contains("rule #1, field \"init\"", bad.Message);
        Assert.True(bad.Message.Length < 2000);
    }
}
