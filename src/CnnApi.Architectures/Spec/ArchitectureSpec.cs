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

    /// <summary>The spec of a resolved architecture, every Keras default written out; a graph's layers carry name and inputs.</summary>
    public static ArchitectureSpec From(Architecture architecture)
    {
        var layers = architecture.Layers.Select(LayerSpec.From).ToList();
        if (architecture.Graph is { } graph)
        {
            // The spec format calls the input input_1 (Keras 2's fresh name); an imported graph's own input name is mapped to it.
            var input = architecture.InputName;
            layers = layers.Select((l, i) => graph[i].Call > 0
                ? new LayerSpec((string?)null) { Call = graph[i].Name, Inputs = Inputs(graph[i], input) }
                : l with { Name = graph[i].Name, Inputs = Inputs(graph[i], input) }).ToList();
        }
        else if (architecture.Names is { } names)
            layers = layers.Select((l, i) => l with { Name = names[i] }).ToList();
        return new(architecture.Name, (int[])architecture.InputShape.Clone(), layers);
    }

    private static List<string> Inputs(Wiring wiring, string input) =>
        wiring.Inputs.Select(n => n == input ? Architecture.DefaultInputName : n).ToList();
}
