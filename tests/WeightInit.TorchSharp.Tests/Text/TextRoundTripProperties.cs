using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using WeightInit.Policy;
using WeightInit.Policy.Actions;
using WeightInit.Schemes;
using Xunit;

namespace WeightInit.Tests.Text;

/// <summary>Generated schemes and actions print to text that parses back to the same value, doubles bit for bit
/// (-0.0, subnormals, the largest finite values included); generated and mutated text never makes a parser
/// throw anything but ArgumentException, TryParse never throws, and whatever parses prints to a fixed point.</summary>
public class TextRoundTripProperties
{
    static readonly Config Quick = WeightInit.Tests.Properties.PropertyConfig.Quick(500);
    static readonly Config Many = WeightInit.Tests.Properties.PropertyConfig.Quick(3000);

    // ---- generators -----------------------------------------------------------------------------------------------

    static readonly double[] Special =
    {
        0.0, -0.0, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 2.2250738585072014E-308,
        1e-300, -1e300, 0.1, 1.0 / 3, -2.5, 1e15, 1e16, 1e21, 123456789012345678, Math.PI, 9007199254740993,
    };

    // Any finite double: specials, random bit patterns (every exponent), and short decimals.
    static readonly Gen<double> AnyDouble = Gen.OneOf(
        Gen.Elements(Special),
        Gen.Zip(Gen.Choose(0, 0xFFFF), Gen.Choose(0, 0xFFFF)).Zip(Gen.Zip(Gen.Choose(0, 0xFFFF), Gen.Choose(0, 0xFFFF)))
            .Select(t => BitConverter.Int64BitsToDouble(((long)t.Item1.Item1 << 48) | ((long)t.Item1.Item2 << 32) | ((long)t.Item2.Item1 << 16) | (long)t.Item2.Item2)),
        Gen.Choose(-1_000_000, 1_000_000).Select(i => i / 1000.0)).Where(double.IsFinite);

    static readonly Gen<double> Fraction = Gen.OneOf(Gen.Elements(0.0, 1.0, 0.5, double.Epsilon), Gen.Choose(0, 1 << 30).Select(i => i / (double)(1 << 30)));

    static readonly Dictionary<string, string[]> Words = new()
    {
        ["mode"] = new[] { "fan_in", "fan_out", "FAN_OUT", "fan_avg", "fan_geo_avg" },
        ["nonlinearity"] = new[] { "linear", "conv1d", "conv_transpose3d", "sigmoid", "tanh", "relu", "leaky_relu", "selu", "Relu" },
        ["distribution"] = new[] { "truncated_normal", "normal", "uniform", "Uniform" },
    };

    static Gen<object> Argument(SchemeParameter p) => p.Kind switch
    {
        ParameterKind.Integer => Gen.Choose(1, int.MaxValue - 1).Select(i => (object)(long)i),
        ParameterKind.Word => Gen.Elements(Words[p.Name]).Select(w => (object)w),
        _ when p.Name == "sparsity" => Fraction.Select(d => (object)d),
        _ => Gen.OneOf(AnyDouble, AnyDouble.Select(Math.Abs)).Select(d => (object)d),
    };

    static InitScheme? TryCreate(SchemeDescriptor d, object[] values)
    {
        try { return d.Create(values); }
        catch (ArgumentException) { return null; } // an invalid combination (std <= 0, b <= a): generate again
    }

    // Every catalog scheme with generated arguments, as its constructor accepts them.
    static readonly Gen<InitScheme> AnyScheme = Gen.Elements(InitScheme.Descriptors.ToArray())
        .SelectMany(d => Gen.CollectToArray(d.Parameters.Select(Argument)).Select(values => TryCreate(d, values)))
        .Where(s => s != null).Select(s => s!);

    static InitAction? TryAction(Func<InitAction> make)
    {
        try { return make(); }
        catch (ArgumentException) { return null; }
    }

    static readonly Gen<InitAction> LayerAction = Gen.OneOf(
        Gen.Elements<InitAction?>(new TorchDefaultBiasAction(), new BilinearDefaultAction(), new RnnDefaultAction(), new MambaALogAction()),
        AnyDouble.Select(v => (InitAction?)new LstmForgetBiasAction(v)),
        AnyDouble.Select(v => TryAction(() => new MambaDtWeightAction(Math.Abs(v)))),
        Gen.Zip(AnyDouble, AnyDouble).Zip(Fraction).Select(t => TryAction(() => new MambaDtBiasAction(Math.Abs(t.Item1.Item1), Math.Abs(t.Item1.Item2), t.Item2))))
        .Where(a => a != null).Select(a => a!);

    static Gen<InitAction> ActionTree(int depth)
    {
        var leaf = Gen.Frequency((3, AnyScheme.Select(s => (InitAction)new SchemeAction(s))), (1, LayerAction));
        if (depth == 0) return leaf;
        var inner = ActionTree(depth - 1);
        return Gen.Frequency(
            (2, leaf),
            (1, Gen.Zip(Gen.Choose(1, 1_000_000_000), inner).Select(t => (InitAction)new BlocksAction(t.Item1, t.Item2))),
            (1, Gen.Zip(AnyDouble, inner).Select(t => (InitAction)new ScaledAction(t.Item1, t.Item2))));
    }

    static readonly Gen<InitAction> AnyAction = Gen.Sized(size => ActionTree(Math.Min(size / 10, 8)));

    // ---- round trips ----------------------------------------------------------------------------------------------

    static long[] BitsOf(InitScheme s) => s.Values.OfType<double>().Select(BitConverter.DoubleToInt64Bits).ToArray();

    [Fact]
    public void EverySchemePrintsToTextThatParsesBackBitForBit() =>
        Check.One(Quick, Prop.ForAll(AnyScheme.ToArbitrary(), scheme =>
        {
            string text = scheme.ToString();
            var back = InitScheme.Parse(text);
            Assert.Equal(scheme, back);
            Assert.Equal(BitsOf(scheme), BitsOf(back));
            Assert.Equal(text, back.ToString());
            Assert.Equal(scheme, InitScheme.Parse("torch.nn.init." + text));
        }));

    [Fact]
    public void EveryActionPrintsToTextThatParsesBack() =>
        Check.One(Quick, Prop.ForAll(AnyAction.ToArbitrary(), action =>
        {
            string text = action.ToString();
            var back = InitAction.Parse(text);
            Assert.Equal(action, back);
            Assert.Equal(text, back.ToString()); // "R" is injective on doubles, so equal text is equal bits
        }));

    [Fact]
    public void GeneratedNumbersRoundTripBitForBit() =>
        Check.One(Many, Prop.ForAll(AnyDouble.ToArbitrary(), d =>
        {
            var back = InitAction.Parse(new ScaledAction(d, InitScheme.Zeros).ToString());
            Assert.Equal(BitConverter.DoubleToInt64Bits(d), BitConverter.DoubleToInt64Bits(((ScaledAction)back).Factor));
            Assert.Equal(BitConverter.DoubleToInt64Bits(d), BitConverter.DoubleToInt64Bits(((ConstantScheme)InitScheme.Parse(InitScheme.Constant(d).ToString())).Val));
        }));

    // ---- fuzz -----------------------------------------------------------------------------------------------------

    const string Alphabet = "()[]{},.=_-+*/'\" \t0123456789eExXoObBjJ_abcdfgiklmnpqrstuvwxyzTFN";

    static readonly Gen<char> AnyChar = Gen.Frequency(
        (8, Gen.Elements(Alphabet.ToCharArray())),
        (1, Gen.Choose(0, 0xFFFF).Select(i => (char)i)));

    static readonly string[] Tokens =
    {
        "(", ")", ",", "=", "/", "*", "-", "+", ".", "'", "\"", " ", "sqrt(", "math.sqrt(", "True", "False", "None",
        "keep", "blocks(", "scaled(", "torch.nn.init.", "nn.init.", "xavier_uniform_", "kaiming_normal", "mode=",
        "gain=", "a=", "n=", "action=", "'fan_out'", "relu", "sparse_(", "dirac_(", "lstm_forget_bias", "mamba_dt_bias(",
        "0", "1", "-0", "1_000", "1__0", "_1", "1e400", "1e-400", "0x1f", "0b", "2.5", ".5", "5.", "1e", "99999999999",
    };

    static readonly Gen<string> TokenSoup = Gen.Elements(Tokens).ListOf().Select(ts => string.Concat(ts));

    static readonly Gen<string> RandomChars = AnyChar.ArrayOf().Select(cs => new string(cs));

    // One to maxEdits edits (insert, delete, replace) of a text: enough to break it, often not beyond repair.
    static Gen<string> Mutated(Gen<string> seeds, Gen<char> chars, int maxEdits) =>
        seeds.SelectMany(seed => Gen.Choose(1, maxEdits)
            .SelectMany(k => Gen.Zip(Gen.Zip(Gen.Choose(0, 2), Gen.Choose(0, 1 << 20)), chars).ListOf(k))
            .Select(edits =>
            {
                var text = new System.Text.StringBuilder(seed);
                foreach (var ((kind, where), c) in edits)
                {
                    if (text.Length == 0 || kind == 0) text.Insert(where % (text.Length + 1), c);
                    else if (kind == 1) text.Remove(where % text.Length, 1);
                    else text[where % text.Length] = c;
                }
                return text.ToString();
            }));

    static readonly Gen<string> ValidTexts = Gen.OneOf(
        AnyAction.Select(a => a.ToString()),
        AnyScheme.Select(s => s.ToString()),
        Gen.Elements("scaled(1/sqrt(12), xavier_uniform_())", "blocks(3, scaled(0.5, xavier_uniform_(gain=1/sqrt(2))))",
            "kaiming_uniform_(math.sqrt(5), 'fan_in')", "nn.init.trunc_normal(std=0.02, a=-2*0.02)", "constant_(-1_000.5e-3)"));

    static readonly Gen<string> HostileTexts = Gen.OneOf(RandomChars, TokenSoup, Mutated(ValidTexts, AnyChar, 3));

    // Parse throws only ArgumentException; TryParse never throws and agrees with Parse; what parses is a fixed point.
    [Fact]
    public void SchemeParsersOnlyEverSayArgumentException() =>
        Check.One(Many, Prop.ForAll(HostileTexts.ToArbitrary(), text =>
        {
            bool ok = InitScheme.TryParse(text, out var scheme, out var error);
            Assert.Equal(ok, error == null);
            try
            {
                var parsed = InitScheme.Parse(text);
                Assert.True(ok);
                Assert.Equal(scheme, parsed);
                Assert.Equal(parsed, InitScheme.Parse(parsed.ToString()));
                Assert.Equal(parsed.ToString(), InitScheme.Parse(parsed.ToString()).ToString());
            }
            catch (ArgumentException e) { Assert.False(ok); Assert.StartsWith(error!, e.Message); }
        }));

    [Fact]
    public void ActionParsersOnlyEverSayArgumentException() =>
        Check.One(Many, Prop.ForAll(HostileTexts.ToArbitrary(), text =>
        {
            bool ok = ActionText.TryParse(text, WeightInit.Policy.InitRegistry.BuiltIn, out var action, out var error);
            Assert.Equal(ok, error == null);
            try
            {
                var parsed = InitAction.Parse(text);
                Assert.True(ok);
                Assert.Equal(action, parsed);
                Assert.Equal(parsed, InitAction.Parse(parsed.ToString()));
            }
            catch (ArgumentException e) { Assert.False(ok); Assert.StartsWith(error!, e.Message); }
        }));

    static readonly string[] JsonSeeds =
    {
        InitPolicy.Transformer().ToJson(), InitPolicy.Mamba().ToJson(), InitPolicy.Rnn().ToJson(),
        InitPolicy.Empty.ForParam("bias", "scaled(1/sqrt(12), xavier_uniform_())").ForName("**.{q,k,v}_proj.weight", "blocks(3, zeros_)").Keep("head.*").Strict().ToJson(),
        "{\"strict\": null, \"rules\": [{\"layer\": \"Linear|Conv2d\", \"init\": \"kaiming_normal_(mode=fan_out)\", \"mark\": true}]}",
    };

    const string JsonAlphabet = "{}[]\":,\\ truefalsnl0123456789.-+eE()_=/'";

    static readonly Gen<string> MutatedJson = Mutated(Gen.Elements(JsonSeeds),
        Gen.Frequency((6, Gen.Elements(JsonAlphabet.ToCharArray())), (1, Gen.Choose(0, 0xFFFF).Select(i => (char)i))), 2);

    [Fact]
    public void FromJsonOnlyEverSaysArgumentException() =>
        Check.One(WeightInit.Tests.Properties.PropertyConfig.Quick(1500), Prop.ForAll(MutatedJson.ToArbitrary(), json =>
        {
            InitPolicy policy;
            try { policy = InitPolicy.FromJson(json); }
            catch (ArgumentException) { return; }
            string again = policy.ToJson();
            Assert.Equal(again, InitPolicy.FromJson(again).ToJson());
        }));
}
