using System.Text.Json.Serialization;
using CnnApi.Architectures.Spec;

namespace CnnApi.Architectures.Presets;

/// <summary>
/// A named architecture. Serialises as <c>{name, description, spec}</c>, <c>spec</c> being exactly what a client
/// would POST; <see cref="Architecture"/> is the resolved form for the summarizer and the trainer.
/// </summary>
public sealed record Preset(string Name, string Description, [property: JsonIgnore] Architecture Architecture)
{
    /// <summary>The spec in CnnApi's format, every default written out.</summary>
    public ArchitectureSpec Spec { get; } = ArchitectureSpec.From(Architecture);
}
