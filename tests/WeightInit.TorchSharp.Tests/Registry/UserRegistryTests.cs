using System;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using TorchSharp;
using TorchSharp.Modules;
using WeightInit.Engine;
using WeightInit.Policy;
using WeightInit.Policy.Actions;
using WeightInit.Schemes;
using Xunit;
using static TorchSharp.torch;
using static WeightInit.Tests.Policy.PolicyTestHelpers;

namespace WeightInit.Tests.Registry;

/// <summary>User schemes and actions registered by name: parsed, printed, planned, validated before any write,
/// applied and stored in JSON like built-in ones; registration refuses what would make a text ambiguous.</summary>
public class UserRegistryTests
{
    static readonly InitRegistry Reg = UserRegistry.Registry;

    static nn.Module Net() => nn.Sequential(("fc", nn.Linear(4, 3)), ("head", nn.Linear(3, 3)));

    static void AssertUnchanged(System.Collections.Generic.Dictionary<string, double[]> before, nn.Module m) => AssertSame(before, Snapshot(m));

    static bool Same(Tensor a, Tensor b) => Values(a).SequenceEqual(Values(b));

    [Fact]
    public void AUserSchemeParsesPrintsAndRoundTrips()
    {
        var s = InitScheme.Parse("scaled_identity_(alpha=2)", Reg);
        Assert.Equal(new ScaledIdentity(2), s);
        Assert.Equal("scaled_identity_(alpha=2)", s.ToString());
        Assert.Equal("scaled_identity_()", new ScaledIdentity(1).ToString()); // the default is left out, as for built-ins
        Assert.Equal(new ScaledIdentity(3), InitScheme.Parse("nn.init.scaled_identity(3)", Reg)); // prefix, no underscore, positional
        Assert.Equal(new ScaledIdentity(0.5), InitScheme.Parse("scaled_identity_(1/sqrt(4))", Reg));
        Assert.Equal(s, InitScheme.Parse(s.ToString(), Reg.Schemes));
        Assert.True(InitScheme.TryParse("scaled_identity_(-0.0)", Reg, out var z, out _));
        Assert.Equal(BitConverter.DoubleToInt64Bits(-0.0), BitConverter.DoubleToInt64Bits(((ScaledIdentity)z!).Alpha));
        Assert.Equal("scaled_identity_(alpha=-0)", z!.ToString());
    }

    [Fact]
    public void AUserSchemeAppliesAndValidatesBeforeWriting()
    {
        using var w = torch.full(3, 3, 7f);
        InitScheme.Parse("scaled_identity_(alpha=2)", Reg).Apply(w);
        Assert.True(Same(w, torch.eye(3) * 2));

        using var b = torch.full(3, 7f);
        var e = Assert.Throws<ArgumentException>(() => new ScaledIdentity(2).Apply(b));
        Assert.Contains("needs a 2-D tensor, but the shape is [3]", e.Message);
        Assert.True(Same(b, torch.full(3, 7f)));
        // Not elementwise as far as the library knows, so never filled shard by shard.
        using var shard = torch.zeros(1, 3);
        Assert.Throws<NotSupportedException>(() => new ScaledIdentity(2).ApplyShard(shard, new long[] { 3, 3 }, 0, InitEngine.Counter(1).Stream("w")));
    }

    [Fact]
    public void UnknownNamesAreNamedAndKnownOnesSuggested()
    {
        var e = Assert.Throws<ArgumentException>(() => InitScheme.Parse("scaled_identity_(alpha=2)"));
        Assert.Contains("unknown scheme 'scaled_identity_'", e.Message);
        Assert.Contains("xavier_uniform_", e.Message);
        e = Assert.Throws<ArgumentException>(() => InitScheme.Parse("scaled_identiti_(2)", Reg));
        Assert.Contains("unknown scheme 'scaled_identiti_'", e.Message);
        Assert.Contains("scaled_identity_", e.Message);
        e = Assert.Throws<ArgumentException>(() => InitAction.Parse("half_normall()", Reg));
        Assert.Contains("'half_normall'", e.Message);
        Assert.Contains("half_normal()", e.Message);
        Assert.Contains("scaled_identity_", e.Message);
        Assert.Throws<ArgumentException>(() => InitAction.Parse("half_normal()")); // not without the registry
    }

    [Fact]
    public void BadArgumentsOfAUserTypeAreParseErrors()
    {
        var e = Assert.Throws<ArgumentException>(() => InitAction.Parse("half_normal(std=-1)", Reg));
        Assert.Contains("std must be positive", e.Message);
        e = Assert.Throws<ArgumentException>(() => InitAction.Parse("half_normal(sd=1)", Reg));
        Assert.Contains("unexpected keyword argument 'sd'", e.Message);
        e = Assert.Throws<ArgumentException>(() => InitScheme.Parse("scaled_identity_('x')", Reg));
        Assert.Contains("expects a number", e.Message);
        Assert.False(InitAction.TryParse("half_normal(1, 2)", Reg, out _, out var error));
        Assert.Contains("takes 1 argument(s)", error);
    }

    sealed record Tagged(string Tag) : CustomScheme
    {
        public static readonly SchemeParameter[] Signature = { new("tag", ParameterKind.Word, "none") };
        public override string Name => "tagged_";
        public override System.Collections.Generic.IReadOnlyList<SchemeParameter> Parameters => Signature;
        public override System.Collections.Generic.IReadOnlyList<object> Arguments => new object[] { Tag };
        public override bool IsRandom => false;
        protected override void ValidateTarget(long[] shape, ScalarType dtype) { }
        protected override void Fill(Tensor tensor, WeightInit.Sampling.RandomSource source) => tensor.zero_();
    }

    /// <summary>A word argument of a user scheme may hold a quote; it prints in the other quotes, so it parses back.</summary>
    [Fact]
    public void AUserWordWithAQuoteRoundTrips()
    {
        var reg = SchemeRegistry.BuiltIn.With("tagged_", Tagged.Signature, a => new Tagged((string)a[0]));
        var s = InitScheme.Parse("tagged_(tag=\"it's\")", reg);
        Assert.Equal(new Tagged("it's"), s);
        Assert.Equal("tagged_(tag=\"it's\")", s.ToString());
        Assert.Equal(s, InitScheme.Parse(s.ToString(), reg));
        Assert.Equal("tagged_(tag='a')", InitScheme.Parse("tagged_(a)", reg).ToString());
        Assert.Equal("tagged_()", InitScheme.Parse("tagged_", reg).ToString());
    }

    [Fact]
    public void AFactoryThatDisagreesWithItsRegistrationIsAParseError()
    {
        var wrongName = InitRegistry.BuiltIn.WithScheme("other_", ScaledIdentity.Signature, a => new ScaledIdentity((double)a[0]));
        Assert.Contains("made a scheme named 'scaled_identity_'", Assert.Throws<ArgumentException>(() => InitScheme.Parse("other_()", wrongName)).Message);
        var wrongParams = InitRegistry.BuiltIn.WithScheme("scaled_identity_", new[] { new SchemeParameter("beta", ParameterKind.Number, 1.0) },
            a => new ScaledIdentity((double)a[0]));
        Assert.Contains("Parameters differ", Assert.Throws<ArgumentException>(() => InitScheme.Parse("scaled_identity_()", wrongParams)).Message);
    }

    [Theory]
    [InlineData("xavier_uniform_", "built-in scheme")]
    [InlineData("scaled_identity_", "already registered")]
    [InlineData("scaled_identity", "ends with '_'")]
    [InlineData("a.b_", "Python identifier")]
    [InlineData("", "Python identifier")]
    [InlineData("half_normal_", "is an action")]
    [InlineData("keep_", "is an action")]
    public void RegisteringASchemeNameThatWouldBeAmbiguousIsAnError(string name, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => Reg.WithScheme(name, ScaledIdentity.Signature, a => new ScaledIdentity((double)a[0])));
        Assert.Contains(message, e.Message);
    }

    [Theory]
    [InlineData("keep", "built-in action")]
    [InlineData("blocks", "built-in action")]
    [InlineData("scaled", "built-in action")]
    [InlineData("torch_default_bias", "built-in action")]
    [InlineData("half_normal", "already registered")]
    [InlineData("xavier_uniform", "names the scheme 'xavier_uniform_'")]
    [InlineData("scaled_identity", "names the scheme 'scaled_identity_'")]
    [InlineData("half_normal2_", "does not end with '_'")]
    [InlineData("2x", "Python identifier")]
    public void RegisteringAnActionNameThatWouldBeAmbiguousIsAnError(string name, string message)
    {
        var e = Assert.Throws<ArgumentException>(() => Reg.WithAction(name, HalfNormal.Signature, a => new HalfNormal((double)a[0])));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void ParametersAreCheckedAtRegistration()
    {
        Func<System.Collections.Generic.IReadOnlyList<object>, CustomScheme> f = a => new ScaledIdentity(1);
        Assert.Contains("default", Assert.Throws<ArgumentException>(() => InitRegistry.BuiltIn.WithScheme("s_", new[] { new SchemeParameter("n", ParameterKind.Integer, 1.0) }, f)).Message);
        Assert.Contains("twice", Assert.Throws<ArgumentException>(() => InitRegistry.BuiltIn.WithScheme("s_",
            new[] { new SchemeParameter("a", ParameterKind.Number, 1.0), new SchemeParameter("a", ParameterKind.Number, 1.0) }, f)).Message);
        Assert.Contains("non-default argument", Assert.Throws<ArgumentException>(() => InitRegistry.BuiltIn.WithScheme("s_",
            new[] { new SchemeParameter("a", ParameterKind.Number, 1.0), new SchemeParameter("b", ParameterKind.Number, null) }, f)).Message);
        Assert.Throws<ArgumentNullException>(() => InitRegistry.BuiltIn.WithScheme("s_", ScaledIdentity.Signature, null!));
    }

    [Fact]
    public void RegistriesAreImmutable()
    {
        var a = InitRegistry.BuiltIn.WithScheme("scaled_identity_", ScaledIdentity.Signature, x => new ScaledIdentity((double)x[0]));
        Assert.Empty(InitRegistry.BuiltIn.CustomActionNames);
        Assert.Throws<ArgumentException>(() => InitScheme.Parse("scaled_identity_()", InitRegistry.BuiltIn));
        Assert.Equal(InitScheme.Descriptors.Count + 1, a.Schemes.Descriptors.Count);
        var d = Reg.Schemes.Descriptors.Single(x => x.Name == "scaled_identity_");
        Assert.True(d.IsCustom);
        Assert.Equal("scaled_identity_(alpha=1)", d.Signature);
        Assert.DoesNotContain(InitScheme.Descriptors, x => x.IsCustom);
    }

    [Fact]
    public void UserTypesInAPolicyArePlannedAppliedAndRoundTripThroughJson()
    {
        var policy = InitPolicy.Empty
            .ForLayer<Linear>("weight", InitAction.Parse("scaled(0.5, scaled_identity_(alpha=2))", Reg))
            .ForLayer<Linear>("bias", InitAction.Parse("half_normal(std=0.25)", Reg), "biases")
            .ForName("head.weight", InitAction.Parse("blocks(3, half_normal())", Reg));
        string json = policy.ToJson();
        Assert.Contains("\"scaled(0.5, scaled_identity_(alpha=2))\"", json);
        Assert.Contains("\"half_normal(std=0.25)\"", json);
        Assert.Contains("\"blocks(3, half_normal())\"", json);
        var back = InitPolicy.FromJson(json, Reg);
        AssertSameRules(policy, back);
        Assert.Equal(json, back.ToJson());

        var e = Assert.Throws<ArgumentException>(() => InitPolicy.FromJson(json));
        Assert.Contains("rule #1, field \"init\"", e.Message);
        Assert.Contains("'scaled_identity_'", e.Message);

        using var m1 = Net();
        using var m2 = Net();
        var plan = back.Plan(m1);
        Assert.Contains("half_normal(std=0.25)", plan.ToString());
        m1.ApplyInit(policy, new Generator(5));
        m2.ApplyInit(back, new Generator(5));
        var p1 = m1.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        var p2 = m2.named_parameters().ToDictionary(x => x.name, x => x.parameter);
        Assert.True(Same(p1["fc.weight"], torch.eye(3, 4)));
        Assert.True(p1["fc.bias"].ge(0).all().item<bool>());
        foreach (var name in p1.Keys) Assert.True(Same(p1[name], p2[name]), name);
        // Drawn from the source it is given: a counter engine gives the same values whatever the order.
        using var m3 = Net();
        using var m4 = Net();
        m3.ApplyInit(back, InitEngine.Counter(9));
        m4.ApplyInit(InitPolicy.FromJson(json, Reg), InitEngine.Counter(9));
        Assert.True(m3.named_parameters().Zip(m4.named_parameters()).All(x => Same(x.First.parameter, x.Second.parameter)));
    }

    internal static void AssertSameRules(InitPolicy a, InitPolicy b)
    {
        Assert.Equal(a.Rules.Length, b.Rules.Length);
        for (int i = 0; i < a.Rules.Length; i++)
        {
            Assert.True(Equals(a.Rules[i].Selector, b.Rules[i].Selector), $"rule #{i + 1} selector: {a.Rules[i].Selector} vs {b.Rules[i].Selector}");
            Assert.True(Equals(a.Rules[i].Action, b.Rules[i].Action), $"rule #{i + 1} action: {a.Rules[i].Action} vs {b.Rules[i].Action}");
            Assert.Equal(a.Rules[i], b.Rules[i]);
        }
    }

    [Fact]
    public void AUserSchemeThatDoesNotFitFailsThePlanBeforeAnyWrite()
    {
        using var m = Net();
        var before = Snapshot(m);
        // fc.weight (half_normal) is visited before fc.bias, where scaled_identity_ cannot go.
        var policy = InitPolicy.Empty
            .ForName("**", InitAction.Parse("scaled_identity_(alpha=3)", Reg))
            .ForName("**.weight", InitAction.Parse("half_normal()", Reg));
        var e = Assert.Throws<InitPolicyException>(() => m.ApplyInit(policy, new Generator(1)));
        Assert.Contains("fc.bias", e.Message);
        Assert.Contains("needs a 2-D tensor", e.Message);
        AssertUnchanged(before, m);

        using var ints = nn.Sequential(("fc", nn.Linear(2, 2)));
        ints.to(ScalarType.Float16);
        var before2 = Snapshot(ints);
        var e2 = Assert.Throws<InitPolicyException>(() => ints.ApplyInit(InitPolicy.Empty.ForLayer<Linear>(InitAction.Parse("half_normal()", Reg))));
        Assert.Contains("needs a float32 or float64 parameter", e2.Message);
        AssertUnchanged(before2, ints);
    }

    [Fact]
    public void ScaledChecksAUserBoundAndSkipsTheCheckWithoutOne()
    {
        using var m = nn.Sequential(("fc", nn.Linear(3, 3)));
        var before = Snapshot(m);
        var tooBig = InitPolicy.Empty.ForName("fc.weight", InitAction.Parse("scaled(1e38, scaled_identity_(alpha=10))", Reg));
        var e = Assert.Throws<InitPolicyException>(() => m.ApplyInit(tooBig));
        Assert.Contains("scaled(1E+38", e.Message);
        AssertUnchanged(before, m);
        // half_normal gives no bound: the product is not checked, and the write happens.
        m.ApplyInit(InitPolicy.Empty.ForName("fc.weight", InitAction.Parse("scaled(-1, half_normal())", Reg)), new Generator(3));
        Assert.True(m.named_parameters().First().parameter.le(0).all().item<bool>());
    }

    [Fact]
    public void HostileTextWithARegistryIsStillRefusedQuickly()
    {
        string deep = "scaled_identity_(" + new string('(', 100_000) + "1" + new string(')', 100_001);
        Assert.Contains("nest", Assert.Throws<ArgumentException>(() => InitScheme.Parse(deep, Reg)).Message);
        string nested = string.Concat(Enumerable.Repeat("blocks(1, ", 50_000)) + "half_normal()" + new string(')', 50_000);
        Assert.Throws<ArgumentException>(() => InitAction.Parse(nested, Reg));
        Assert.Throws<ArgumentException>(() => InitPolicy.FromJson("{\"rules\":[{\"init\":\"" + nested + "\"}]}", Reg));
    }

    [Fact]
    public void ParsingMutatedUserTextOnlyEverThrowsArgumentException()
    {
        string[] seeds = { "scaled_identity_(alpha=2)", "half_normal(std=0.5)", "blocks(2, half_normal())", "scaled(2, scaled_identity(3))" };
        var gen = from s in FsCheck.Fluent.Gen.Elements(seeds)
                  from at in FsCheck.Fluent.Gen.Choose(0, 30)
                  from c in FsCheck.Fluent.Gen.Elements('(', ')', ',', '=', '\'', '_', 'a', '1', '-', ' ', '.', 'e')
                  from cut in FsCheck.Fluent.Gen.Choose(0, 1)
                  select cut == 1 ? s[..Math.Min(at, s.Length)] : s.Insert(Math.Min(at, s.Length), c.ToString());
        Prop.ForAll(gen.ToArbitrary(), text =>
        {
            try { InitAction.Parse(text, Reg); }
            catch (ArgumentException) { }
            try { InitScheme.Parse(text, Reg); }
            catch (ArgumentException) { }
            return InitAction.TryParse(text, Reg, out _, out _) || true;
        }).Check(Config.QuickThrowOnFailure.WithMaxTest(300));
    }
}
