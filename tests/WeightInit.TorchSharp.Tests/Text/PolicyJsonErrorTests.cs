using System;
using WeightInit.Policy;
using Xunit;

namespace WeightInit.Tests.Text;

/// <summary>Every problem in policy JSON is an ArgumentException whose message names the rule's number and the
/// field; before, a value of the wrong JSON type escaped as a bare InvalidOperationException and a huge count as an
/// OverflowException.</summary>
public class PolicyJsonErrorTests
{
    static string Rule(string fields) => "{\"rules\": [{\"param\": \"bias\", \"init\": \"zeros_\"}, {" + fields + "}]}";

    // json, fragments of the message.
    public static TheoryData<string, string[]> Bad => new()
    {
        { "{\"strict\": \"yes\", \"rules\": []}", new[] { "Init policy JSON, field \"strict\": must be true or false, but it is a string (\"yes\")" } },
        { "{\"strict\": 1, \"rules\": []}", new[] { "field \"strict\"", "a number (1)" } },
        { "{\"keepFrozen\": [true], \"rules\": []}", new[] { "field \"keepFrozen\"", "an array ([true])" } },
        { "{\"overwriteMarked\": {}, \"rules\": []}", new[] { "field \"overwriteMarked\"", "an object ({})" } },
        { "{\"markInitialized\": \"false\", \"rules\": []}", new[] { "field \"markInitialized\"" } },
        { "{\"rules\": {}}", new[] { "needs a \"rules\" array, but \"rules\" is an object" } },
        { "{\"rules\": [], \"rules\": []}", new[] { "has the field \"rules\" twice" } },
        { "{\"rules\": [7]}", new[] { "rule #1 is not an object but a number (7)" } },
        { "{\"rules\": [null]}", new[] { "rule #1 is not an object but null" } },
        { "\"rules\"", new[] { "must be an object", "a string" } },
        { Rule("\"layer\": 3, \"init\": \"zeros_\""), new[] { "rule #2, field \"layer\": must be a string, but it is a number (3)" } },
        { Rule("\"name\": [\"a\"], \"init\": \"zeros_\""), new[] { "rule #2, field \"name\": must be a string", "an array" } },
        { Rule("\"param\": {}, \"init\": \"zeros_\""), new[] { "rule #2, field \"param\": must be a string", "an object" } },
        { Rule("\"init\": true"), new[] { "rule #2, field \"init\": must be a string, but it is a boolean (true)" } },
        { Rule("\"init\": \"zeros_\", \"label\": 1.5"), new[] { "rule #2, field \"label\": must be a string" } },
        { Rule("\"init\": \"zeros_\", \"mark\": \"true\""), new[] { "rule #2, field \"mark\": must be true or false" } },
        { Rule("\"init\": \"zeros_\", \"optional\": 0"), new[] { "rule #2, field \"optional\": must be true or false" } },
        { Rule("\"init\": \"zeros_\", \"init\": \"ones_\""), new[] { "rule #2 has the field \"init\" twice" } },
        { Rule("\"init\": \"zeros_\", \"colour\": 1"), new[] { "rule #2 has an unknown field \"colour\"", "layer, name, param, init" } },
        { Rule("\"param\": \"bias\""), new[] { "rule #2 is missing its \"init\" field" } },
        { Rule("\"init\": null"), new[] { "rule #2 is missing its \"init\" field" } },
        { Rule("\"init\": \"blocks(x, zeros_)\""), new[] { "rule #2, field \"init\"", "'n' expects an integer, but got x (at position 7)" } },
        { Rule("\"init\": \"blocks(99999999999, zeros_)\""), new[] { "rule #2, field \"init\"", "out of range", "overflows" } },
        { Rule("\"init\": \"scaled(1e999, zeros_)\""), new[] { "rule #2, field \"init\"", "too large for a float" } },
        { Rule("\"init\": \"xavier_unifrom_\""), new[] { "rule #2, field \"init\"", "unknown scheme or action 'xavier_unifrom_'" } },
        { Rule("\"param\": \"{bias\", \"init\": \"zeros_\""), new[] { "rule #2, field \"param\"" } },
        { Rule("\"name\": \"\", \"init\": \"zeros_\""), new[] { "rule #2, field \"name\"" } },
        { Rule("\"init\": \"zeros_\", \"label\": \"\\uD800\""), new[] { "rule #2, field \"label\"" } },
        { "{\"rules\": [", new[] { "not valid JSON" } },
        { "{\"rules\": []} x", new[] { "not valid JSON" } },
    };

    [Theory, MemberData(nameof(Bad))]
    public void BadJsonIsAnArgumentExceptionNamingTheRuleAndField(string json, string[] fragments)
    {
        var e = Assert.Throws<ArgumentException>(() => InitPolicy.FromJson(json)); // exactly ArgumentException
        foreach (var f in fragments) Assert.Contains(f, e.Message);
    }

    [Fact]
    public void ALoneSurrogateInTheTextIsAnArgumentException() =>
        Assert.Throws<ArgumentException>(() => InitPolicy.FromJson("{\"rules\": [{\"init\": \"zeros_\", \"label\": \"\uD800\"}]}"));

    [Fact]
    public void NullMeansAnAbsentField()
    {
        var policy = InitPolicy.FromJson("{\"strict\": null, \"rules\": [{\"layer\": null, \"param\": \"bias\", \"init\": \"zeros_\", \"label\": null, \"mark\": null}]}");
        Assert.False(policy.IsStrict);
        Assert.Null(policy.Rules[0].Selector.Layer);
        Assert.Null(policy.Rules[0].Label);
        Assert.False(policy.Rules[0].Mark);
    }

    [Fact]
    public void NullJsonIsAnArgumentNullException() => Assert.Throws<ArgumentNullException>(() => InitPolicy.FromJson(null!));

    [Fact]
    public void ActionsInTheNewGrammarLoad()
    {
        var policy = InitPolicy.FromJson("{\"rules\": [{\"name\": \"**.c_proj.weight\", \"init\": \"scaled(1/sqrt(12), xavier_uniform_())\"}]}");
        Assert.Equal("scaled(0.2886751345948129, xavier_uniform_())", policy.Rules[0].Action.ToString());
        Assert.Equal(policy.ToJson(), InitPolicy.FromJson(policy.ToJson()).ToJson());
    }
}
