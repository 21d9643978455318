using System.Text.Json;
using CnnApi.Architectures.Layers;

namespace CnnApi.Architectures.Spec;

/// <summary>
/// Reads CnnApi's own spec format (see API.md). Strict: an unknown property is an error naming it, so a typo
/// never silently becomes a default. Property names match case-insensitively; Keras's snake_case spellings
/// (<c>kernel_size</c>, <c>input_shape</c>, …) are accepted too.
/// </summary>
internal static class SpecReader
{
    private static readonly Dictionary<string, string> FieldNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["filters"] = "filters", ["kernelSize"] = "kernelSize", ["kernel_size"] = "kernelSize",
        ["strides"] = "strides", ["padding"] = "padding", ["activation"] = "activation",
        ["useBias"] = "useBias", ["use_bias"] = "useBias", ["dilationRate"] = "dilationRate",
        ["dilation_rate"] = "dilationRate", ["poolSize"] = "poolSize", ["pool_size"] = "poolSize",
        ["units"] = "units", ["rate"] = "rate", ["epsilon"] = "epsilon", ["momentum"] = "momentum",
        ["center"] = "center", ["scale"] = "scale", ["trainable"] = "trainable",
    };

    public static ArchitectureReadResult Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return ArchitectureReadResult.Fail(SpecFormat.CnnApi, new SpecError("", "the spec must be a JSON object with name, inputShape and layers"));
        var errors = new List<SpecError>();
        string name = "sequential";
        int[] input = [28, 28, 1];
        JsonElement? layersJson = null;
        foreach (var p in root.EnumerateObject())
        {
            if (p.Name.Equals("name", StringComparison.OrdinalIgnoreCase))
                name = ModelParts.Name(p.Value, p.Name, errors) ?? name;
            else if (p.Name.Equals("inputShape", StringComparison.OrdinalIgnoreCase) || p.Name.Equals("input_shape", StringComparison.OrdinalIgnoreCase))
                input = ModelParts.InputShape(p.Value, p.Name, errors, hasBatch: false) ?? input;
            else if (p.Name.Equals("layers", StringComparison.OrdinalIgnoreCase))
                layersJson = p.Value;
            else
                errors.Add(new(p.Name, $"unknown property '{p.Name}'; a spec takes name, inputShape and layers"));
        }
        var layers = layersJson is { } json ? ReadLayers(json, errors) : [];
        if (layersJson is null)
            errors.Add(new("layers", "layers is required: a list of at least one layer"));
        return errors.Count > 0
            ? new ArchitectureReadResult(null, errors, SpecFormat.CnnApi)
            : new ArchitectureReadResult(new Architecture(name, input, layers), [], SpecFormat.CnnApi);
    }

    private static List<Layer> ReadLayers(JsonElement json, List<SpecError> errors)
    {
        var layers = new List<Layer>();
        if (json.ValueKind != JsonValueKind.Array || json.GetArrayLength() == 0)
        {
            errors.Add(new("layers", "layers must be a list of at least one layer"));
            return layers;
        }
        if (json.GetArrayLength() > SpecLimits.MaxLayers)
        {
            errors.Add(new("layers", $"at most {SpecLimits.MaxLayers} layers are allowed, got {json.GetArrayLength()}"));
            return layers;
        }
        var index = 0;
        foreach (var item in json.EnumerateArray())
        {
            if (ReadLayer(item, $"layers[{index++}]", errors) is { } layer)
                layers.Add(layer);
        }
        return layers;
    }

    private static Layer? ReadLayer(JsonElement item, string path, List<SpecError> errors)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(path, "a layer must be a JSON object with a \"type\""));
            return null;
        }
        var typeProperty = item.EnumerateObject().FirstOrDefault(p => p.Name.Equals("type", StringComparison.OrdinalIgnoreCase));
        if (typeProperty.Value.ValueKind == JsonValueKind.Undefined)
        {
            errors.Add(new($"{path}.type", $"type is required; supported: {LayerCatalog.Supported}"));
            return null;
        }
        var type = typeProperty.Value.ValueKind == JsonValueKind.String ? LayerCatalog.Canonical(typeProperty.Value.GetString()) : null;
        if (type is null)
        {
            errors.Add(new($"{path}.{typeProperty.Name}", $"unknown layer type {typeProperty.Value.GetRawText()}; supported: {LayerCatalog.Supported}"));
            return null;
        }
        var fields = new LayerFields(path, errors, snakeCase: false);
        var allowed = LayerCatalog.Fields(type);
        foreach (var p in item.EnumerateObject())
        {
            if (p.Name.Equals("type", StringComparison.OrdinalIgnoreCase))
                continue;
            if (!FieldNames.TryGetValue(p.Name, out var field))
                errors.Add(new($"{path}.{p.Name}", $"unknown property '{p.Name}'; {Takes(type, allowed)}"));
            else if (!allowed.Contains(field))
                errors.Add(new($"{path}.{p.Name}", $"'{p.Name}' does not apply to {type}; {Takes(type, allowed)}"));
            else
                fields.Add(field, p.Name, p.Value);
        }
        return LayerCatalog.Build(type, fields);
    }

    private static string Takes(string type, IReadOnlyList<string> allowed) => allowed.Count == 1
        ? $"{type} takes no properties besides type and trainable"
        : $"{type} takes {string.Join(", ", allowed)}";
}
