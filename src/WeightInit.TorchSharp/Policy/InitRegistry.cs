using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using WeightInit.Policy.Actions;
using WeightInit.Schemes;

namespace WeightInit.Policy;

/// <summary>
/// The scheme and action names that <see cref="InitAction.Parse(string, InitRegistry)"/>,
/// <see cref="InitPolicy.FromJson(string, InitRegistry)"/> and (through its conversion to a
/// <see cref="SchemeRegistry"/>) <see cref="InitScheme.Parse(string, SchemeRegistry)"/> know: the built-in ones
/// (<see cref="BuiltIn"/>) plus user schemes (<see cref="WithScheme"/>, subclasses of <see cref="CustomScheme"/>) and
/// user actions (<see cref="WithAction"/>, subclasses of <see cref="CustomAction"/>). Immutable and passed where
/// text is read, so it is thread-safe, and what a stored policy means does not depend on what else the process
/// registered: <c>var registry = InitRegistry.BuiltIn.WithScheme(...).WithAction(...)</c>.
/// </summary>
public sealed class InitRegistry
{
    internal sealed record ActionEntry(string Name, IReadOnlyList<SchemeParameter> Parameters, Func<object[], InitAction> Create);

    readonly ImmutableList<ActionEntry> _actions;

    InitRegistry(SchemeRegistry schemes, ImmutableList<ActionEntry> actions)
    {
        Schemes = schemes;
        _actions = actions;
    }

    /// <summary>The built-in schemes and actions alone (what the overloads without a registry use).</summary>
    public static InitRegistry BuiltIn { get; } = new(SchemeRegistry.BuiltIn, ImmutableList<ActionEntry>.Empty);

    /// <summary>The schemes this registry knows, built-in and user.</summary>
    public SchemeRegistry Schemes { get; }

    /// <summary>The names of the user actions, in registration order.</summary>
    public IReadOnlyList<string> CustomActionNames => _actions.Select(a => a.Name).ToList();

    /// <summary>The registry's schemes, so <c>InitScheme.Parse(text, registry)</c> takes an <see cref="InitRegistry"/>.</summary>
    /// <param name="registry">The registry.</param>
    /// <exception cref="ArgumentNullException"><paramref name="registry"/> is null.</exception>
    public static implicit operator SchemeRegistry(InitRegistry registry) =>
        (registry ?? throw new ArgumentNullException(nameof(registry))).Schemes;

    /// <summary>A registry that also knows the user scheme <paramref name="name"/>; see
    /// <see cref="SchemeRegistry.With"/> for the parameters.</summary>
    /// <param name="name">A Python identifier ending with '_', e.g. <c>"scaled_identity_"</c>.</param>
    /// <param name="parameters">Its parameters in positional order.</param>
    /// <param name="factory">Builds the scheme from the bound arguments.</param>
    /// <exception cref="ArgumentException">The name is invalid, a built-in scheme's or action's, or already
    /// registered (as a scheme, or as an action without the underscore); or a parameter is invalid.</exception>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public InitRegistry WithScheme(string name, IReadOnlyList<SchemeParameter> parameters, Func<IReadOnlyList<object>, CustomScheme> factory)
    {
        if (name != null && name.EndsWith('_') && IsActionName(name[..^1]))
            throw new ArgumentException($"'{name[..^1]}' is an action, so the scheme '{name}' would be read as that action without its underscore", nameof(name));
        return new InitRegistry(Schemes.With(name!, parameters, factory), _actions);
    }

    /// <summary>A registry that also knows the user action <paramref name="name"/>, read wherever an action is
    /// (a rule's action text, JSON <c>"init"</c>, inside <c>blocks(n, ...)</c> and <c>scaled(f, ...)</c>).</summary>
    /// <param name="name">A Python identifier that does not end with '_' (that is for schemes), e.g. <c>"half_normal"</c>.</param>
    /// <param name="parameters">Its parameters in positional order; arguments are bound and converted by Python's
    /// rules (a double, a long or a string) before the factory sees them.</param>
    /// <param name="factory">Builds the action from the bound arguments (defaults filled in). It must return a
    /// <see cref="CustomAction"/> named <paramref name="name"/> whose <see cref="CustomAction.Parameters"/> equal
    /// <paramref name="parameters"/>; an <see cref="ArgumentException"/> it throws becomes the parse error.</param>
    /// <exception cref="ArgumentException">The name is invalid, ends with '_', is a built-in action's
    /// (<c>keep</c>, <c>blocks</c>, <c>scaled</c>, ...) or a scheme's without its underscore, or is already registered;
    /// or a parameter is invalid.</exception>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public InitRegistry WithAction(string name, IReadOnlyList<SchemeParameter> parameters, Func<IReadOnlyList<object>, CustomAction> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        RegistryNames.CheckName(name, "action", nameof(name));
        if (name.EndsWith('_'))
            throw new ArgumentException($"An action name does not end with '_' (scheme names do): use '{name.TrimEnd('_')}'", nameof(name));
        if (ActionText.IsBuiltIn(name)) throw new ArgumentException($"'{name}' is a built-in action and cannot be registered again", nameof(name));
        if (IsActionName(name)) throw new ArgumentException($"An action named '{name}' is already registered", nameof(name));
        if (Schemes.Find(name + "_") is { } scheme)
            throw new ArgumentException($"'{name}' names the scheme '{scheme.Name}' (whose underscore is optional), so it cannot name an action", nameof(name));
        var ps = RegistryNames.CheckParameters(name, parameters, nameof(parameters));
        return new InitRegistry(Schemes, _actions.Add(new ActionEntry(name, ps, args => Create(name, ps, factory, args))));
    }

    static CustomAction Create(string name, IReadOnlyList<SchemeParameter> ps, Func<IReadOnlyList<object>, CustomAction> factory, object[] args)
    {
        var action = factory(args) ?? throw new FormatException($"the factory registered for '{name}' returned null");
        if (action.Name != name) throw new FormatException($"the factory registered for '{name}' made an action named '{action.Name}'");
        if (!RegistryNames.SameParameters(action.Parameters, ps))
            throw new FormatException($"the factory registered for '{name}' made an action whose Parameters differ from the registered ones");
        return action;
    }

    bool IsActionName(string name) => ActionText.IsBuiltIn(name) || FindAction(name) != null;

    internal ActionEntry? FindAction(string name) => _actions.Find(a => a.Name == name);
}
