namespace CnnApi.Architectures.Spec;

/// <summary>Which dialect a document was read as.</summary>
public enum SpecFormat { CnnApi, Keras }

/// <summary>Either a validated <see cref="Architecture"/> or the errors that prevented it (never both).</summary>
public sealed record ArchitectureReadResult(Architecture? Architecture, IReadOnlyList<SpecError> Errors, SpecFormat Format)
{
    /// <summary>True when <see cref="Architecture"/> is set and <see cref="Errors"/> is empty.</summary>
    public bool Succeeded => Architecture is not null;

    internal static ArchitectureReadResult Fail(SpecFormat format, params SpecError[] errors) => new(null, errors, format);
}
