using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using TorchSharp;
using WeightInit.Policy.Actions;
using WeightInit.Schemes;

namespace WeightInit.Policy;

/// <summary>
/// An immutable, ordered list of rules that says how to initialize every parameter of a module tree, built
/// fluently, composed with <see cref="Then"/>, stored as JSON. Precedence, in this order:
/// <list type="number">
/// <item>a <c>keep</c> rule that matches wins over any init rule, wherever it stands;</item>
/// <item>a parameter marked by <see cref="InitMarks"/> is kept, unless the policy <see cref="OverwriteMarked"/>;</item>
/// <item>with <see cref="KeepFrozen"/>, a parameter with requires_grad = false is kept;</item>
/// <item>otherwise the last init rule that matches decides (so in <c>a.Then(b)</c>, b wins);</item>
/// <item>a parameter no rule matches is left as it is and listed as not covered (an error when <see cref="Strict"/>).</item>
/// </list>
/// </summary>
public sealed partial class InitPolicy
{
    InitPolicy(ImmutableArray<InitRule> rules, bool strict, bool keepFrozen, bool overwriteMarked, bool markInitialized)
    {
        Rules = rules;
        IsStrict = strict;
        KeepsFrozen = keepFrozen;
        OverwritesMarked = overwriteMarked;
        MarksInitialized = markInitialized;
    }

    /// <summary>No rules: every parameter is left as it is.</summary>
    public static InitPolicy Empty { get; } = new(ImmutableArray<InitRule>.Empty, false, false, false, false);

    /// <summary>The rules, in order (later init rules win).</summary>
    public ImmutableArray<InitRule> Rules { get; }
    /// <summary>True after <see cref="Strict"/>: an uncovered parameter or a user rule that matches nothing is an error.</summary>
    public bool IsStrict { get; }
    /// <summary>True after <see cref="KeepFrozen"/>: parameters with requires_grad = false are kept.</summary>
    public bool KeepsFrozen { get; }
    /// <summary>True after <see cref="OverwriteMarked"/>: marked parameters are initialized too.</summary>
    public bool OverwritesMarked { get; }
    /// <summary>True after <see cref="MarkInitialized"/>: what this policy initializes is marked.</summary>
    public bool MarksInitialized { get; }

    InitPolicy With(ImmutableArray<InitRule>? rules = null, bool? strict = null, bool? keepFrozen = null,
        bool? overwriteMarked = null, bool? markInitialized = null) =>
        new(rules ?? Rules, strict ?? IsStrict, keepFrozen ?? KeepsFrozen, overwriteMarked ?? OverwritesMarked,
            markInitialized ?? MarksInitialized);

    /// <summary>Adds a rule at the end (it wins over earlier init rules).</summary>
    /// <param name="rule">The rule.</param>
    /// <exception cref="ArgumentNullException"><paramref name="rule"/> is null.</exception>
    public InitPolicy Add(InitRule rule) => With(rules: Rules.Add(rule ?? throw new ArgumentNullException(nameof(rule))));

    /// <summary>Every parameter owned by a module of type <typeparamref name="TLayer"/> (or a subclass). No label
    /// here: before 0.1.0 the second argument was the parameter glob, and a call written that way must not compile
    /// into a rule for every parameter; for a label, give the glob: <c>ForLayer&lt;Linear&gt;("*", action, "label")</c>.</summary>
    /// <param name="action">What to do to them.</param>
    /// <exception cref="ArgumentNullException"><paramref name="action"/> is null.</exception>
    public InitPolicy ForLayer<TLayer>(InitAction action) where TLayer : torch.nn.Module =>
        Add(new InitRule(new RuleSelector { Layer = RuleSelector.LayerName(typeof(TLayer)) }, Checked(action)));

    /// <summary>Every parameter of modules of type <typeparamref name="TLayer"/>, the action in text form:
    /// <c>ForLayer&lt;Linear&gt;("zeros_")</c>. No label here (a second string is the action, after a parameter
    /// glob); for one, give the glob: <c>ForLayer&lt;Linear&gt;("*", "zeros_", "label")</c>.</summary>
    /// <param name="action">The action's text form (<see cref="InitAction.Parse(string)"/>).</param>
    /// <exception cref="ArgumentException"><paramref name="action"/> cannot be parsed.</exception>
    public InitPolicy ForLayer<TLayer>(string action) where TLayer : torch.nn.Module => ForLayer<TLayer>(InitAction.Parse(action));

    /// <summary>The parameters of modules of type <typeparamref name="TLayer"/> (or a subclass) whose name within the
    /// layer matches <paramref name="param"/>: <c>ForLayer&lt;Linear&gt;("weight", InitScheme.XavierUniform())</c>.</summary>
    /// <param name="param">A glob on the name within the layer ("weight", "weight_hh_l*").</param>
    /// <param name="action">What to do to them.</param>
    /// <param name="label">Shown in reports instead of the selector.</param>
    /// <exception cref="ArgumentException"><paramref name="param"/> is not a valid glob.</exception>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public InitPolicy ForLayer<TLayer>(string param, InitAction action, string? label = null) where TLayer : torch.nn.Module =>
        ForLayer(RuleSelector.LayerName(typeof(TLayer)), param, action, label);

    /// <summary>As <see cref="ForLayer{TLayer}(string, InitAction, string?)"/> with the action in text form:
    /// <c>ForLayer&lt;Linear&gt;("weight", "xavier_uniform_()")</c>.</summary>
    /// <param name="param">A glob on the name within the layer.</param>
    /// <param name="action">The action's text form (<see cref="InitAction.Parse(string)"/>).</param>
    /// <param name="label">Shown in reports instead of the selector.</param>
    /// <exception cref="ArgumentException"><paramref name="param"/> is not a valid glob or <paramref name="action"/>
    /// cannot be parsed.</exception>
    public InitPolicy ForLayer<TLayer>(string param, string action, string? label = null) where TLayer : torch.nn.Module =>
        ForLayer<TLayer>(param, InitAction.Parse(action), label);

    /// <summary>Every parameter of layers whose type name matches <paramref name="layer"/>: "Linear",
    /// "Conv1d|Conv2d|Conv3d", or a user type's full name.</summary>
    /// <param name="layer">Type names, separated by '|'; a base class's name matches its subclasses.</param>
    /// <param name="action">What to do to them.</param>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    /// <remarks>No label, for the reason given at <see cref="ForLayer{TLayer}(InitAction)"/>.</remarks>
    public InitPolicy ForLayer(string layer, InitAction action) =>
        Add(new InitRule(new RuleSelector { Layer = layer ?? throw new ArgumentNullException(nameof(layer)) }, Checked(action)));

    /// <summary>Every parameter of layers whose type name matches <paramref name="layer"/>, the action in text form
    /// (no label, as <see cref="ForLayer{TLayer}(string)"/>).</summary>
    /// <param name="layer">Type names, separated by '|'.</param>
    /// <param name="action">The action's text form.</param>
    /// <exception cref="ArgumentException"><paramref name="action"/> cannot be parsed.</exception>
    public InitPolicy ForLayer(string layer, string action) => ForLayer(layer, InitAction.Parse(action));

    /// <summary>The parameters of layers whose type name matches <paramref name="layer"/> and whose name within the
    /// layer matches <paramref name="param"/>.</summary>
    /// <param name="layer">Type names, separated by '|'.</param>
    /// <param name="param">A glob on the name within the layer.</param>
    /// <param name="action">What to do to them.</param>
    /// <param name="label">Shown in reports instead of the selector.</param>
    /// <exception cref="ArgumentException"><paramref name="param"/> is not a valid glob.</exception>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public InitPolicy ForLayer(string layer, string param, InitAction action, string? label = null) =>
        Add(new InitRule(new RuleSelector { Layer = layer ?? throw new ArgumentNullException(nameof(layer)), Param = new NameGlob(param) },
            Checked(action), label));

    /// <summary>As <see cref="ForLayer(string, string, InitAction, string?)"/> with the action in text form.</summary>
    /// <param name="layer">Type names, separated by '|'.</param>
    /// <param name="param">A glob on the name within the layer.</param>
    /// <param name="action">The action's text form.</param>
    /// <param name="label">Shown in reports instead of the selector.</param>
    /// <exception cref="ArgumentException">A bad glob or action text.</exception>
    public InitPolicy ForLayer(string layer, string param, string action, string? label = null) =>
        ForLayer(layer, param, InitAction.Parse(action), label);

    static InitAction Checked(InitAction action) => action ?? throw new ArgumentNullException(nameof(action));

    /// <summary>Adds a rule from its parts; <paramref name="mark"/> marks what it sets (see <see cref="InitMarks"/>).</summary>
    /// <param name="selector">Which parameters.</param>
    /// <param name="action">What to do to them.</param>
    /// <param name="label">Shown in reports instead of the selector.</param>
    /// <param name="mark">Mark what the rule sets, so later ApplyInit calls keep it.</param>
    /// <exception cref="ArgumentNullException"><paramref name="selector"/> or <paramref name="action"/> is null.</exception>
    public InitPolicy Add(RuleSelector selector, InitAction action, string? label = null, bool mark = false) =>
        Add(new InitRule(selector ?? throw new ArgumentNullException(nameof(selector)), Checked(action), label, mark));

    /// <summary>By qualified parameter name glob: "blocks.*.attn.W_query.weight", "**.bias".</summary>
    /// <param name="glob">A glob on the qualified name.</param>
    /// <param name="action">What to do to them.</param>
    /// <param name="label">Shown in reports instead of the selector.</param>
    /// <exception cref="ArgumentException"><paramref name="glob"/> is not a valid glob.</exception>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public InitPolicy ForName(string glob, InitAction action, string? label = null) =>
        Add(new InitRule(new RuleSelector { Name = new NameGlob(glob) }, Checked(action), label));

    /// <summary>As <see cref="ForName(string, InitAction, string?)"/> with the action in text form.</summary>
    /// <param name="glob">A glob on the qualified name.</param>
    /// <param name="action">The action's text form.</param>
    /// <param name="label">Shown in reports instead of the selector.</param>
    /// <exception cref="System.ArgumentException">A bad glob or action text.</exception>
    public InitPolicy ForName(string glob, string action, string? label = null) => ForName(glob, InitAction.Parse(action), label);

    /// <summary>By parameter name within its module or its last segment: "A_log", "D", "bias".</summary>
    /// <param name="glob">A glob on the name within the owner or its last segment.</param>
    /// <param name="action">What to do to them.</param>
    /// <param name="label">Shown in reports instead of the selector.</param>
    /// <exception cref="ArgumentException"><paramref name="glob"/> is not a valid glob.</exception>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public InitPolicy ForParam(string glob, InitAction action, string? label = null) =>
        Add(new InitRule(new RuleSelector { Param = new NameGlob(glob) }, Checked(action), label));

    /// <summary>As <see cref="ForParam(string, InitAction, string?)"/> with the action in text form.</summary>
    /// <param name="glob">A glob on the name within the owner or its last segment.</param>
    /// <param name="action">The action's text form.</param>
    /// <param name="label">Shown in reports instead of the selector.</param>
    /// <exception cref="System.ArgumentException">A bad glob or action text.</exception>
    public InitPolicy ForParam(string glob, string action, string? label = null) => ForParam(glob, InitAction.Parse(action), label);

    /// <summary>By any test on the site (not storable as JSON).</summary>
    /// <param name="predicate">The test.</param>
    /// <param name="description">How the test reads in reports ("requires_grad = false").</param>
    /// <param name="action">What to do to the parameters it passes.</param>
    /// <param name="label">Shown in reports instead of the selector.</param>
    /// <exception cref="ArgumentNullException"><paramref name="predicate"/> or <paramref name="action"/> is null.</exception>
    public InitPolicy Where(Func<ParameterSite, bool> predicate, string description, InitAction action, string? label = null) =>
        Add(new InitRule(new RuleSelector { Predicate = predicate ?? throw new ArgumentNullException(nameof(predicate)), PredicateDescription = description },
            Checked(action), label));

    /// <summary>Keeps every parameter whose qualified name matches (pretrained parts): keep rules always win.</summary>
    /// <param name="glob">A glob on the qualified name.</param>
    /// <exception cref="ArgumentException"><paramref name="glob"/> is not a valid glob.</exception>
    public InitPolicy Keep(string glob) => ForName(glob, InitAction.Keep);

    /// <summary>Keeps every parameter of layers of this type.</summary>
    public InitPolicy KeepLayer<TLayer>() where TLayer : torch.nn.Module => ForLayer<TLayer>(InitAction.Keep);

    /// <summary>Keeps every parameter with requires_grad = false.</summary>
    public InitPolicy KeepFrozen(bool keep = true) => With(keepFrozen: keep);

    /// <summary>Makes a parameter that no rule covers an error instead of leaving it as it is.</summary>
    public InitPolicy Strict(bool strict = true) => With(strict: strict);

    /// <summary>Re-initializes parameters marked by <see cref="InitMarks"/> too.</summary>
    public InitPolicy OverwriteMarked(bool overwrite = true) => With(overwriteMarked: overwrite);

    /// <summary>Marks every parameter this policy initializes, so later ApplyInit calls keep it.</summary>
    public InitPolicy MarkInitialized(bool mark = true) => With(markInitialized: mark);

    /// <summary>This policy's rules, then <paramref name="next"/>'s: where both have a rule for a parameter, next wins.
    /// Options combine with "or".</summary>
    /// <param name="next">The policy that follows.</param>
    /// <exception cref="ArgumentNullException"><paramref name="next"/> is null.</exception>
    public InitPolicy Then(InitPolicy next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return new(Rules.AddRange(next.Rules), IsStrict || next.IsStrict, KeepsFrozen || next.KeepsFrozen,
            OverwritesMarked || next.OverwritesMarked, MarksInitialized || next.MarksInitialized);
    }

    /// <summary>The same policy with every rule optional: rules that match nothing are not reported (presets).</summary>
    public InitPolicy AsOptional() => With(rules: Rules.Select(r => r with { Optional = true }).ToImmutableArray());

    /// <summary>One scheme on every weight, zeros on every bias (every parameter named bias, *_bias or bias_*): what
    /// <c>module.ApplyInit(scheme)</c> uses. (Not U(a, b): that is <see cref="InitScheme.Uniform"/>.)</summary>
    /// <exception cref="ArgumentNullException"><paramref name="scheme"/> is null.</exception>
    public static InitPolicy EveryWeight(InitScheme scheme) =>
        Empty.ForParam("**", new SchemeAction(scheme), $"every weight -> {scheme}")
             .ForParam("{bias,*_bias,bias_*}", new SchemeAction(InitScheme.Zeros), "every bias -> zeros_()");

    /// <summary>What ApplyInit would do, without writing any tensor. Throws <see cref="InitPolicyException"/> for
    /// exactly the problems ApplyInit would throw for.</summary>
    /// <param name="module">The root of the tree.</param>
    /// <exception cref="InitPolicyException">A rule's action does not fit a parameter, or (Strict) a parameter is not covered or a user rule matches nothing; thrown before any write.</exception>
    /// <exception cref="ObjectDisposedException">A module or parameter of the tree has been disposed.</exception>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public InitReport Plan(torch.nn.Module module) => InitPlan.Resolve(this, module).ToReport(applied: false);

    /// <inheritdoc/>
    public override string ToString() => string.Join(Environment.NewLine, Rules.Select((r, i) => $"#{i + 1} {r}"));
}
