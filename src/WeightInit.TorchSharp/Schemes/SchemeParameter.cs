namespace WeightInit.Schemes;

/// <summary>What kind of value a scheme argument takes in the text form.</summary>
public enum ParameterKind
{
    /// <summary>A real number (also <c>sqrt(5)</c>, <c>5/3</c>).</summary>
    Number,
    /// <summary>An integer.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1720", Justification = "The kind of a text argument, as the parser names it.")]
    Integer,
    /// <summary>A word, quoted or not (a mode, a nonlinearity, a distribution).</summary>
    Word,
}

/// <summary>One argument of a scheme, in PyTorch's positional order; <see cref="Default"/> is null when required.</summary>
public sealed record SchemeParameter(string Name, ParameterKind Kind, object? Default)
{
    /// <summary>True when the call form must give this argument (sparse_'s sparsity, constant_'s val).</summary>
    public bool Required => Default is null;
}
