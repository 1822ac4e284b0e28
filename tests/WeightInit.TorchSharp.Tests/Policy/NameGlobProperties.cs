using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using WeightInit.Policy;
using Xunit;

namespace WeightInit.Tests.Policy;

/// <summary>NameGlob against <see cref="NameGlobReference"/>, the rules written as plain backtracking, over generated
/// patterns and names on a tiny alphabet, where every corner of the language (consecutive **, ** inside a segment,
/// nested braces, dots and ** inside braces) comes up often.</summary>
public class NameGlobProperties
{
    static readonly Gen<string> Atom = Gen.Elements(
        "a", "b", "ab", "*", "?", "**", "a*", "*b", "?a", "a**", "{a,b*}", "{a,b}b", "{a.b,**}", "{**.a,b}",
        "{a,{b,*}}", "{,a}", "{ a , b }", "{a.*,?}", "{a.**,b.a}");

    // One atom or two run together ("a{a,b*}", "****", "**a"), 1 to 4 of them joined by dots.
    static readonly Gen<string> Segment = Gen.OneOf(Atom, Gen.Zip(Atom, Atom, (x, y) => x + y));
    static readonly Gen<string> Pattern = Gen.Choose(1, 4).SelectMany(n => Gen.ArrayOf(Segment, n)).Select(s => string.Join(".", s));

    static readonly Gen<string> NameSegment = Gen.Choose(1, 3).SelectMany(n => Gen.ArrayOf(Gen.Elements('a', 'b'), n)).Select(c => new string(c));
    static readonly Gen<string> Name = Gen.Choose(1, 5).SelectMany(n => Gen.ArrayOf(NameSegment, n)).Select(s => string.Join(".", s));

    [Fact]
    public void MatchesTheReference()
    {
        var cases = Gen.Zip(Pattern, Name).ToArbitrary();
        Check.One(WeightInit.Tests.Properties.PropertyConfig.Quick(4000), Prop.ForAll(cases, c =>
            new NameGlob(c.Item1).IsMatch(c.Item2) == NameGlobReference.IsMatch(c.Item1, c.Item2)));
    }

    // The reference alone would only be checked against NameGlob; this pins it to the hand-written table too.
    [Theory]
    [MemberData(nameof(NameGlobTests.Cases), MemberType = typeof(NameGlobTests))]
    public void TheReferenceAgreesWithTheTable(string glob, string name, bool expected) =>
        Assert.Equal(expected, NameGlobReference.IsMatch(glob, name));

    [Fact]
    public void MoreGlobstarsNextToAGlobstarChangeNothing()
    {
        var cases = Gen.Zip(Pattern.Where(p => p.Split('.').Contains("**")), Gen.Zip(Name, Gen.Choose(1, 3))).ToArbitrary();
        Check.One(WeightInit.Tests.Properties.PropertyConfig.Quick(1000), Prop.ForAll(cases, c =>
        {
            var (pattern, (name, extra)) = c;
            var parts = pattern.Split('.').ToList();
            int at = parts.IndexOf("**");
            parts.InsertRange(at, Enumerable.Repeat("**", extra));
            return new NameGlob(string.Join(".", parts)).IsMatch(name) == new NameGlob(pattern).IsMatch(name);
        }));
    }

    // A state set never holds a state twice, so the work is bounded by the states times the characters read.
    [Fact]
    public void VisitsAtMostEveryStateOncePerCharacter()
    {
        var cases = Gen.Zip(Pattern, Name).ToArbitrary();
        Check.One(WeightInit.Tests.Properties.PropertyConfig.Quick(1000), Prop.ForAll(cases, c =>
        {
            var automaton = new NameGlob(c.Item1).Automaton;
            automaton.IsMatch(c.Item2, out long visits);
            return visits <= (c.Item2.Length + 2L) * automaton.StateCount;
        }));
    }
}
