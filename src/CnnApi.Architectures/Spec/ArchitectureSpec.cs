using System.Text.Json;
using System.Text.Json.Serialization;

namespace CnnApi.Architectures.Spec;

/// <summary>
/// CnnApi's spec format as a typed record: the schema and example the host documents in OpenAPI, and what
/// presets carry. Requests should still be read as JSON through <see cref="ArchitectureReader"/>, which is strict
/// about unknown properties and reports paths; this record is the shape, not the validator.
/// </summary>
public sealed record ArchitectureSpec(string Name, int[] InputShape, IReadOnlyList<LayerSpec> Layers)
{
    /// <summary>camelCase, nulls left out: the exact JSON a client would POST.</summary>
    public static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>The spec of a resolved architecture, every Keras default written out.</summary>
    public static ArchitectureSpec From(Architecture architecture) =>
        new(architecture.Name, (int[])architecture.InputShape.Clone(), architecture.Layers.Select(LayerSpec.From).ToList());
}
