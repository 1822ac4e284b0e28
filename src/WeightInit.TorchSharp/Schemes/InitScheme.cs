using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using TorchSharp;
using WeightInit.Engine;
using WeightInit.Sampling;
using static TorchSharp.torch;

namespace WeightInit.Schemes;

/// <summary>
/// An initialization scheme as an immutable value: what <c>torch.nn.init.xavier_uniform_(gain=1.5)</c> means,
/// without the tensor. Schemes compare by value, print in PyTorch's call form (<see cref="ToString"/>) and are
/// read back by <see cref="Parse(string)"/>. <see cref="Apply(Tensor, RandomSource)"/> validates everything before the first write, so a throw
/// leaves the tensor as it was; zero-element and meta tensors are a no-op.
/// </summary>
public abstract partial record InitScheme
{
    private protected InitScheme() { }

    /// <summary>PyTorch's function name, with the trailing underscore (<c>"kaiming_normal_"</c>).</summary>
    public abstract string Name { get; }

    /// <summary>Argument values in PyTorch's positional order (see <see cref="SchemeCatalog"/>).</summary>
    internal abstract object[] Values { get; }

    /// <summary>True when the scheme draws random numbers (and so uses the generator).</summary>
    public virtual bool IsRandom => true;

    /// <summary>Fills <paramref name="tensor"/> in place (under no_grad) and returns it.</summary>
    /// <param name="tensor">Any floating tensor, parameter or view, on any device.</param>
    /// <param name="generator">Random source; null uses the global one (<c>torch.manual_seed</c>). When it lives on
    /// another device than the tensor, numbers are drawn there and copied, so one seed gives the same weights anywhere.</param>
    /// <exception cref="ArgumentException">The tensor's dtype or shape does not fit, or a value would not fit the dtype (PyTorch's message where it has one); the tensor is unchanged.</exception>
    /// <exception cref="ArgumentNullException">The tensor or source is null.</exception>
    /// <exception cref="ObjectDisposedException">The tensor has been disposed.</exception>
    public Tensor Apply(Tensor tensor, Generator? generator = null) => Apply(tensor, RandomSource.Torch(generator));

    /// <summary>Fills <paramref name="tensor"/> in place from <paramref name="source"/>: <see cref="RandomSource.Torch"/>
    /// (as the overload above) or an <see cref="InitEngine"/>'s <see cref="CounterStream"/>.</summary>
    /// <exception cref="ArgumentException">The tensor's dtype or shape does not fit, or a value would not fit the dtype (PyTorch's message where it has one); the tensor is unchanged.</exception>
    /// <exception cref="ArgumentNullException">The tensor or source is null.</exception>
    /// <exception cref="ObjectDisposedException">The tensor has been disposed.</exception>
    /// <param name="tensor">Any floating tensor, parameter or view, on any device.</param>
    /// <param name="source">Where random numbers come from.</param>
    public Tensor Apply(Tensor tensor, RandomSource source)
    {
        ArgumentNullException.ThrowIfNull(source);
        Check.NotDisposed(tensor);
        Validate(tensor.shape, tensor.dtype);
        if (tensor.numel() == 0 || tensor.device_type == DeviceType.META) return tensor;
        Check.NoInternalOverlap(tensor);
        source.EnsureRoom(tensor.numel(), nameof(tensor));
        using (no_grad())
        using (NewDisposeScope())
            Write(tensor, source);
        return tensor;
    }

    /// <summary>Throws the error <see cref="Apply(Tensor, RandomSource)"/> would throw for a tensor of this shape and
    /// dtype, without one: the dtype, the shape, and whether the values fit the dtype (a bound, mean, std or
    /// constant beyond its range). A tensor of zero elements is a no-op and only gets the first two.</summary>
    /// <param name="shape">The shape.</param>
    /// <param name="dtype">The dtype.</param>
    /// <exception cref="ArgumentException">What Apply would throw.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="shape"/> is null.</exception>
    public void Validate(long[] shape, ScalarType dtype)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (IsRandom) Check.Floating(Name, dtype, "tensor");
        ValidateFor(shape, dtype);
    }

    /// <summary>The checks after the dtype's: the shape, then (with elements) the values.</summary>
    private protected virtual void ValidateFor(long[] shape, ScalarType dtype)
    {
        ValidateShape(shape);
        if (HasElements(shape)) ValidateValues(shape, dtype);
    }

    /// <summary>Shape checks of the scheme (PyTorch's wording).</summary>
    private protected virtual void ValidateShape(long[] shape) { }

    /// <summary>Checks that every value written to a (non-empty) tensor of this shape and dtype is finite there.</summary>
    private protected abstract void ValidateValues(long[] shape, ScalarType dtype);

    /// <summary>A bound on |value| of everything written to a tensor of this shape and dtype (arguments valid), so
    /// <c>scaled(factor, ...)</c> can check its product before writing; NaN when unknown (a user scheme).</summary>
    internal abstract double MaxAbs(long[] shape, ScalarType dtype);

    internal static bool HasElements(long[] shape) => Array.TrueForAll(shape, d => d > 0);

    /// <summary>Whether Write is one draw of the whole tensor from the source (uniform, normal, truncated normal, the
    /// variance-scaling family) or a fill that reads no source: then <c>scaled(factor, this)</c> can multiply inside
    /// the engine's kernel (see CounterStream.MultipliedBy).</summary>
    internal virtual bool DrawsOnce => false;

    /// <summary>Writes the values; arguments and shape are already validated and grad is off.</summary>
    private protected abstract void Write(Tensor tensor, RandomSource source);

    /// <summary>Canonical call form, e.g. <c>kaiming_normal_(mode='fan_out', nonlinearity='relu')</c>: PyTorch's name,
    /// then the arguments that differ from their defaults, by keyword, in PyTorch's order.</summary>
    public sealed override string ToString() => SchemeText.Format(this);

    /// <summary>Reads the Python call form of torch.nn.init without the tensor: an optional <c>torch.nn.init.</c>,
    /// <c>nn.init.</c> or <c>init.</c> prefix; the name with or without its trailing underscore; parentheses optional
    /// when every argument has a default; positional arguments in PyTorch's order, then keyword arguments; words
    /// quoted or not; numbers in Python's literal syntax, also as <c>sqrt(5)</c>, <c>math.sqrt(5)</c>, <c>5/3</c>.
    /// Nesting is at most 100 deep and a call has at most 64 arguments, so hostile text cannot hang or crash.</summary>
    /// <param name="text">The call text, e.g. <c>kaiming_normal_(mode='fan_out', nonlinearity='relu')</c>.</param>
    /// <exception cref="ArgumentException">The text is malformed, names an unknown scheme (the message lists the known
    /// ones) or gives an invalid argument; the message names the argument or the position.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static InitScheme Parse(string text) => SchemeText.Parse(text, SchemeRegistry.BuiltIn);

    /// <summary>As <see cref="Parse(string)"/>, also knowing the user schemes of <paramref name="registry"/>.</summary>
    /// <param name="text">The call text.</param>
    /// <param name="registry">The schemes to know (a policy's <c>InitRegistry</c> converts to one).</param>
    /// <exception cref="ArgumentException">As <see cref="Parse(string)"/>.</exception>
    /// <exception cref="ArgumentNullException">An argument is null.</exception>
    public static InitScheme Parse(string text, SchemeRegistry registry) => SchemeText.Parse(text, registry);

    /// <summary>Like <see cref="Parse(string)"/>, returning false (and the reason) instead of throwing; never throws.</summary>
    /// <param name="text">The call text (null gives false).</param>
    /// <param name="scheme">The scheme, when the text is valid.</param>
    /// <param name="error">Why it is not, otherwise.</param>
    public static bool TryParse(string text, [NotNullWhen(true)] out InitScheme? scheme, [NotNullWhen(false)] out string? error) =>
        SchemeText.TryParse(text, SchemeRegistry.BuiltIn, out scheme, out error);

    /// <summary>Like <see cref="Parse(string, SchemeRegistry)"/>, returning false (and the reason) instead of
    /// throwing; never throws, unless <paramref name="registry"/> is null.</summary>
    /// <param name="text">The call text (null gives false).</param>
    /// <param name="registry">The schemes to know.</param>
    /// <param name="scheme">The scheme, when the text is valid.</param>
    /// <param name="error">Why it is not, otherwise.</param>
    /// <exception cref="ArgumentNullException"><paramref name="registry"/> is null.</exception>
    public static bool TryParse(string text, SchemeRegistry registry, [NotNullWhen(true)] out InitScheme? scheme, [NotNullWhen(false)] out string? error) =>
        SchemeText.TryParse(text, registry, out scheme, out error);

    /// <summary>The descriptors of every built-in scheme: name and parameters (<see cref="SchemeDescriptor.Signature"/>).
    /// A registry's, user schemes included, are <see cref="SchemeRegistry.Descriptors"/>.</summary>
    public static IReadOnlyList<SchemeDescriptor> Descriptors => SchemeCatalog.Entries;
}
