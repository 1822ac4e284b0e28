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
/// read back by <see cref="Parse"/>. <see cref="Apply(Tensor, RandomSource)"/> validates everything before the first write, so a throw
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
    public Tensor Apply(Tensor tensor, Generator? generator = null) => Apply(tensor, RandomSource.Torch(generator));

    /// <summary>Fills <paramref name="tensor"/> in place from <paramref name="source"/>: <see cref="RandomSource.Torch"/>
    /// (as the overload above) or an <see cref="InitEngine"/>'s <see cref="CounterStream"/>.</summary>
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
    public void Validate(long[] shape, ScalarType dtype)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (IsRandom) Check.Floating(Name, dtype, "tensor");
        ValidateShape(shape);
        if (HasElements(shape)) ValidateValues(shape, dtype);
    }

    /// <summary>Shape checks of the scheme (PyTorch's wording).</summary>
    protected virtual void ValidateShape(long[] shape) { }

    /// <summary>Checks that every value written to a (non-empty) tensor of this shape and dtype is finite there.</summary>
    private protected abstract void ValidateValues(long[] shape, ScalarType dtype);

    /// <summary>A bound on |value| of everything written to a tensor of this shape and dtype (arguments valid), so
    /// <c>scaled(factor, ...)</c> can check its product before writing.</summary>
    internal abstract double MaxAbs(long[] shape, ScalarType dtype);

    internal static bool HasElements(long[] shape) => Array.TrueForAll(shape, d => d > 0);

    /// <summary>Writes the values; arguments and shape are already validated and grad is off.</summary>
    protected abstract void Write(Tensor tensor, RandomSource source);

    /// <summary>Canonical call form, e.g. <c>kaiming_normal_(mode='fan_out', nonlinearity='relu')</c>: PyTorch's name,
    /// then the arguments that differ from their defaults, by keyword, in PyTorch's order.</summary>
    public sealed override string ToString() => SchemeText.Format(this);

    /// <summary>Reads the Python call form of torch.nn.init without the tensor; see <see cref="SchemeText"/>.</summary>
    public static InitScheme Parse(string text) => SchemeText.Parse(text);

    /// <summary>Like <see cref="Parse"/>, returning false (and the reason) instead of throwing.</summary>
    public static bool TryParse(string text, [NotNullWhen(true)] out InitScheme? scheme, [NotNullWhen(false)] out string? error) =>
        SchemeText.TryParse(text, out scheme, out error);

    /// <summary>Every scheme name <see cref="Parse"/> knows, with its parameters.</summary>
    public static IReadOnlyList<SchemeDescriptor> All => SchemeCatalog.Entries;
}
