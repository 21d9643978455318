namespace CnnApi.Architectures.Spec;

/// <summary>
/// One problem in a spec: the JSON path of the offending field (<c>layers[2].kernelSize</c>, <c>inputShape</c>,
/// <c>name</c>; empty for the document itself) and a message a person can act on. The host turns these into a
/// <c>ValidationProblemDetails</c> keyed by <see cref="Path"/>.
/// </summary>
public sealed record SpecError(string Path, string Message);
