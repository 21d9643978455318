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

    /// <summary>
    /// A training job request without the architecture (<c>preset</c> and <c>architecture</c> left out) that trains
    /// this preset well: submit it with <c>"preset": Name</c> added. Null for presets without a recipe.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public System.Text.Json.JsonElement? RecommendedTraining { get; init; }
}
