using System.Text.Json;
using CnnApi.Architectures.Layers;

namespace CnnApi.Architectures.Spec;

/// <summary>Shared layers in the spec format: entries that call a named layer again.</summary>
internal static partial class SpecReader
{
    /// <summary>
    /// <c>{"call": "conv", "inputs": [...]}</c>: another call of the layer named <c>conv</c> (a shared layer: the same
    /// weights on other inputs). Its output is <c>conv[1]</c> for the first such entry, <c>conv[2]</c> for the next.
    /// </summary>
    private static (Layer?, string?, IReadOnlyList<string>?, string?)? SharedCall(JsonElement item, string path, List<SpecError> errors)
    {
        var before = errors.Count;
        string? calls = null;
        foreach (var p in item.EnumerateObject())
        {
            if (p.Name.Equals("call", StringComparison.OrdinalIgnoreCase))
                calls = p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: > 0 } c ? c
                    : Fail(errors, $"{path}.{p.Name}", "call must name a layer of the model (the layer to call again)");
            else if (!p.Name.Equals("inputs", StringComparison.OrdinalIgnoreCase))
                errors.Add(new($"{path}.{p.Name}", $"a call of a shared layer takes only call and inputs, not '{p.Name}' (the layer's own entry holds its settings)"));
        }
        var (_, inputs) = Links(item, path, errors);
        return errors.Count == before ? (null, null, inputs, calls) : null;
    }

    private static bool IsCall(JsonElement item) =>
        item.ValueKind == JsonValueKind.Object && item.EnumerateObject().Any(p => p.Name.Equals("call", StringComparison.OrdinalIgnoreCase));

    private static string? Fail(List<SpecError> errors, string path, string message)
    {
        errors.Add(new(path, message));
        return null;
    }

    /// <summary>Gives each call entry the layer it calls and its call number (1, 2, … in document order).</summary>
    private static List<(Layer Layer, string? Name, IReadOnlyList<string>? Inputs, int Call)>? ResolveCalls(
        List<(Layer? Layer, string? Name, IReadOnlyList<string>? Inputs, string? Calls)> read, string layersPath, List<SpecError> errors)
    {
        var byName = read.Where(e => e.Layer is not null && e.Name is not null).GroupBy(e => e.Name!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Layer!, StringComparer.Ordinal);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        var entries = new List<(Layer, string?, IReadOnlyList<string>?, int)>();
        for (var i = 0; i < read.Count; i++)
        {
            var (layer, name, inputs, calls) = read[i];
            if (calls is null)
                entries.Add((layer!, name, inputs, 0));
            else if (!byName.TryGetValue(calls, out var called))
                errors.Add(new($"{layersPath}[{i}].call", $"'{calls}' is no named layer of the model: call names a layer (with its name) given elsewhere in layers"));
            else
            {
                counts[calls] = counts.GetValueOrDefault(calls) + 1;
                entries.Add((called, calls, inputs, counts[calls]));
            }
        }
        return errors.Count > 0 ? null : entries;
    }
}
