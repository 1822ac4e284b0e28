using System;
using System.Diagnostics;
using System.Linq;
using WeightInit.Policy;
using Xunit;

namespace WeightInit.Tests.Policy;

/// <summary>Patterns that made the regex translation backtrack for seconds to minutes per match (a policy file could
/// hang a training script), and hostile constructions. Matching visits at most (name length + 2) × states, with a
/// few states per pattern character; the clock is only a hang guard.</summary>
public class NameGlobHostileTests
{
    static string Repeat(string s, int n) => string.Concat(Enumerable.Repeat(s, n));
    static string Segments(string s, int n) => string.Join(".", Enumerable.Repeat(s, n));

    public static TheoryData<string, string, bool> Cases => new()
    {
        // Each took from 4 s to over a minute per match before.
        { "**.**.**.**.**.**.**.**.x", Segments("a", 30), false },
        { "**.**.**.**.**.**.**.**.x", Segments("a", 30) + ".x", true },
        { "*a*a*a*a*ax", new string('a', 200), false },
        { "*a*a*a*a*ax", new string('a', 200) + "x", true },
        { Repeat("{a,a*}", 8) + "x", new string('a', 30), false },
        { Repeat("{a,a*}", 8), new string('a', 30) + ".b", false },
        { Repeat("{a,a*}", 8), new string('a', 30), true },
        // As long as a pattern may be (names of a few hundred characters keep the suite quick; the bound is the same).
        { Repeat("**.", 1364) + "x", Segments("a", 150), false },
        { Repeat("*a", 2048), new string('a', 300) + "b", false },
        { Repeat("*a", 200), new string('a', 300), true },
        { Repeat("{a,a*,*a}", 455), new string('a', 300) + ".", false },
        { new string('{', 32) + Repeat("a*,", 1300) + "b" + new string('}', 32), new string('a', 300) + ".c", false },
        { Repeat("{}", 2047) + "x", "x", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void MatchesInLinearTime(string glob, string name, bool expected)
    {
        var sw = Stopwatch.StartNew();
        var g = new NameGlob(glob);
        var automaton = g.Automaton;
        Assert.True(automaton.StateCount <= 6 * glob.Length + 8, $"{automaton.StateCount} states for {glob.Length} characters");
        Assert.Equal(expected, automaton.IsMatch(name, out long visits));
        Assert.Equal(expected, g.IsMatch(name));
        Assert.True(visits <= (name.Length + 2L) * automaton.StateCount, $"{visits} visits");
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"hang guard: {sw.Elapsed}");
    }

    [Theory]
    [InlineData(100_000)]
    [InlineData(1_000_000)]
    public void HugeAndDeepPatternsThrowWithoutOverflowingTheStack(int length)
    {
        foreach (var glob in new[] { new string('{', length), new string('}', length), Repeat("{a,", length / 3), new string('*', length) })
        {
            var e = Assert.Throws<ArgumentException>(() => new NameGlob(glob));
            Assert.Contains($"limited to {NameGlob.MaxLength} characters, but found {glob.Length}", e.Message);
        }
    }

    [Fact]
    public void DeepBracesWithinTheLengthLimitThrowTheNestingLimit()
    {
        foreach (var glob in new[] { new string('{', 4096), Repeat("{a,", 1365), new string('{', 2048) + new string('}', 2048) })
        {
            var e = Assert.Throws<ArgumentException>(() => new NameGlob(glob));
            Assert.Contains($"braces nest more than {NameGlob.MaxNesting} deep", e.Message);
        }
    }

    [Fact]
    public void UnbalancedBracesWithinTheLimitsThrow()
    {
        Assert.Contains("unclosed '{' at position 0", Assert.Throws<ArgumentException>(() => new NameGlob("{" + Repeat("a,", 2000))).Message);
        Assert.Contains("unmatched '}' at position 4000", Assert.Throws<ArgumentException>(() => new NameGlob(new string('a', 4000) + "}")).Message);
    }
}
