using CnnApi.Architectures.Spec;

namespace CnnApi.Architectures;

/// <summary>Two architectures to compare; each may also be a preset name (a JSON string) or a Keras document.</summary>
public sealed record CompareRequest(ArchitectureSpec A, ArchitectureSpec B);
