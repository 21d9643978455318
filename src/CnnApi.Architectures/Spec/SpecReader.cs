using System.Text.Json;
using CnnApi.Architectures.Layers;

namespace CnnApi.Architectures.Spec;

/// <summary>
/// Reads CnnApi's own spec format (see API.md and docs/architecture.md). Strict: an unknown property is an error
/// naming it, so a typo never silently becomes a default. Property names match case-insensitively; Keras's
/// snake_case spellings (<c>kernel_size</c>, <c>input_shape</c>, …) are accepted too. A layer may be given a <c>name</c>;
/// a layer with <c>inputs</c> (or a merge layer) makes the spec a functional graph; a <c>Sequential</c> or <c>Functional</c>
/// layer holds a nested model (its own <c>layers</c>, an optional <c>inputShape</c>). <c>{"call": "conv", "inputs": …}</c>
/// calls the layer named <c>conv</c> again (a shared layer; its output is <c>conv[1]</c>, then <c>conv[2]</c>, …).
/// </summary>
internal static partial class SpecReader
{
    private const int MaxDepth = 3;

    public static ArchitectureReadResult Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
            return ArchitectureReadResult.Fail(SpecFormat.CnnApi, new SpecError("", "the spec must be a JSON object with name, inputShape and layers"));
        var errors = new List<SpecError>();
        var budget = new Budget();
        var architecture = ReadModel(root, "", errors, budget, depth: 0);
        return errors.Count > 0 || architecture is null
            ? new ArchitectureReadResult(null, errors, SpecFormat.CnnApi)
            : new ArchitectureReadResult(architecture, [], SpecFormat.CnnApi);
    }

    /// <summary>A model object: the document itself, or a nested model (whose inputShape is optional and whose type is skipped).</summary>
    private static Architecture? ReadModel(JsonElement root, string path, List<SpecError> errors, Budget budget, int depth)
    {
        string name = "sequential";
        int[]? input = depth == 0 ? [28, 28, 1] : [];
        JsonElement? layersJson = null;
        var at = (string field) => path.Length == 0 ? field : $"{path}.{field}";
        foreach (var p in root.EnumerateObject())
        {
            if (p.Name.Equals("name", StringComparison.OrdinalIgnoreCase))
                name = ModelParts.Name(p.Value, at(p.Name), errors) ?? name;
            else if (p.Name.Equals("inputShape", StringComparison.OrdinalIgnoreCase) || p.Name.Equals("input_shape", StringComparison.OrdinalIgnoreCase))
                input = ModelParts.InputShape(p.Value, at(p.Name), errors, hasBatch: false) ?? input;
            else if (p.Name.Equals("layers", StringComparison.OrdinalIgnoreCase))
                layersJson = p.Value;
            else if (depth > 0 && (p.Name.Equals("type", StringComparison.OrdinalIgnoreCase) || p.Name.Equals("trainable", StringComparison.OrdinalIgnoreCase)
                || p.Name.Equals("inputs", StringComparison.OrdinalIgnoreCase)))
                continue;
            else
                errors.Add(new(at(p.Name), $"unknown property '{p.Name}'; a {(depth == 0 ? "spec" : "nested model")} takes name, inputShape and layers"));
        }
        if (layersJson is not { } json)
        {
            errors.Add(new(at("layers"), "layers is required: a list of at least one layer"));
            return null;
        }
        var layersPath = at("layers");
        if (json.ValueKind != JsonValueKind.Array || json.GetArrayLength() == 0)
        {
            errors.Add(new(layersPath, "layers must be a list of at least one layer"));
            return null;
        }
        if (!budget.Take(json.GetArrayLength()))
        {
            errors.Add(new(layersPath, depth == 0
                ? $"at most {SpecLimits.MaxLayers} layers are allowed, got {json.GetArrayLength()}"
                : $"at most {SpecLimits.MaxLayers} layers are allowed in all (nested models included)"));
            return null;
        }
        var read = new List<(Layer? Layer, string? Name, IReadOnlyList<string>? Inputs, string? Calls)>();
        var index = 0;
        foreach (var item in json.EnumerateArray())
        {
            var itemPath = $"{layersPath}[{index++}]";
            var entry = IsCall(item) ? SharedCall(item, itemPath, errors) : ReadLayer(item, itemPath, errors, budget, depth);
            if (entry is { } e)
                read.Add(e);
        }
        if (errors.Count > 0 || input is null)
            return null;
        var entries = ResolveCalls(read, layersPath, errors);
        if (entries is null)
            return null;
        var layers = entries.Select(e => e.Layer).ToList();
        var isGraph = entries.Any(e => e.Inputs is not null || e.Layer.Arity.Min > 1 || e.Call > 0);
        var paths = Enumerable.Range(0, entries.Count).Select(i => $"{layersPath}[{i}]").ToList();
        return new Architecture(name, input, layers)
        {
            Graph = isGraph ? Wire(entries) : null,
            Names = !isGraph && entries.Any(e => e.Name is not null) ? entries.Select(e => e.Name).ToList() : null,
            Paths = paths,
            GraphPaths = (layersPath, "inputs"),
        };
    }

    /// <summary>Names missing names as a fresh Keras session would (skipping names already taken) and links each unlisted input to the layer before.</summary>
    private static List<Wiring> Wire(List<(Layer Layer, string? Name, IReadOnlyList<string>? Inputs, int Call)> entries)
    {
        var taken = new HashSet<string>(entries.Where(e => e.Name is not null).Select(e => e.Name!), StringComparer.Ordinal) { Architecture.DefaultInputName };
        var stems = new Dictionary<string, int>(StringComparer.Ordinal);
        var wiring = new List<Wiring>();
        var previous = Architecture.DefaultInputName;
        foreach (var (layer, given, inputs, call) in entries)
        {
            if (call > 0)
            {
                wiring.Add(new Wiring(given!, inputs ?? [previous]) { Call = call });
                previous = Wiring.Reference(given!, call);
                continue;
            }
            var name = given;
            while (name is null)
            {
                stems.TryGetValue(layer.NameStem, out var seen);
                stems[layer.NameStem] = seen + 1;
                var candidate = seen == 0 ? layer.NameStem : $"{layer.NameStem}_{seen}";
                if (taken.Add(candidate))
                    name = candidate;
            }
            wiring.Add(new Wiring(name, inputs ?? [previous]));
            previous = name;
        }
        return wiring;
    }

    private static (Layer?, string?, IReadOnlyList<string>?, string?)? ReadLayer(JsonElement item, string path, List<SpecError> errors, Budget budget, int depth)
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
        var written = typeProperty.Value.ValueKind == JsonValueKind.String ? typeProperty.Value.GetString() : null;
        var errorsBefore = errors.Count;
        var (name, inputs) = Links(item, path, errors);
        var nested = LayerCatalog.ModelClasses.FirstOrDefault(c => c.Equals(written, StringComparison.OrdinalIgnoreCase));
        if (nested is not null)
            return Nested(item, path, nested == "Sequential" ? "Sequential" : "Functional", errors, budget, depth) is { } model && errors.Count == errorsBefore
                ? (model, name, inputs, null) : null;
        var type = LayerCatalog.Canonical(written);
        if (type is null)
        {
            errors.Add(new($"{path}.{typeProperty.Name}", $"unknown layer type {typeProperty.Value.GetRawText()}; supported: {LayerCatalog.Supported}"));
            return null;
        }
        var fields = new LayerFields(path, errors, snakeCase: false);
        var allowed = LayerCatalog.Fields(type);
        foreach (var p in item.EnumerateObject())
        {
            if (p.Name.Equals("type", StringComparison.OrdinalIgnoreCase) || IsLink(p.Name))
                continue;
            if (!FieldNames.Value.TryGetValue(p.Name, out var field))
                errors.Add(new($"{path}.{p.Name}", $"unknown property '{p.Name}'; {Takes(type, allowed)}"));
            else if (!allowed.Contains(field))
                errors.Add(new($"{path}.{p.Name}", $"'{p.Name}' does not apply to {type}; {Takes(type, allowed)}"));
            else
                fields.Add(field, p.Name, p.Value);
        }
        return LayerBuilder.Build(type, fields) is { } layer && errors.Count == errorsBefore ? (layer, name, inputs, null) : null;
    }

    private static NestedModel? Nested(JsonElement item, string path, string modelClass, List<SpecError> errors, Budget budget, int depth)
    {
        if (depth + 1 > MaxDepth)
        {
            errors.Add(new(path, $"models may be nested at most {MaxDepth} deep"));
            return null;
        }
        var model = ReadModel(item, path, errors, budget, depth + 1);
        var trainable = item.EnumerateObject().FirstOrDefault(p => p.Name.Equals("trainable", StringComparison.OrdinalIgnoreCase)).Value;
        if (trainable.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.True or JsonValueKind.False))
            errors.Add(new($"{path}.trainable", "trainable must be true or false"));
        return model is null ? null : new NestedModel(model, modelClass) { Trainable = trainable.ValueKind != JsonValueKind.False };
    }

    /// <summary>A layer's optional <c>name</c> and <c>inputs</c> (a name or a list of names).</summary>
    private static (string? Name, IReadOnlyList<string>? Inputs) Links(JsonElement item, string path, List<SpecError> errors)
    {
        string? name = null;
        IReadOnlyList<string>? inputs = null;
        foreach (var p in item.EnumerateObject())
        {
            if (p.Name.Equals("name", StringComparison.OrdinalIgnoreCase))
                name = ModelParts.Name(p.Value, $"{path}.{p.Name}", errors);
            else if (p.Name.Equals("inputs", StringComparison.OrdinalIgnoreCase))
            {
                var v = p.Value;
                if (v.ValueKind == JsonValueKind.String)
                    inputs = [v.GetString()!];
                else if (v.ValueKind == JsonValueKind.Array && v.GetArrayLength() is > 0 and <= SpecLimits.MaxLayers
                    && v.EnumerateArray().All(e => e.ValueKind == JsonValueKind.String))
                    inputs = v.EnumerateArray().Select(e => e.GetString()!).ToList();
                else
                    errors.Add(new($"{path}.{p.Name}", $"inputs must be a layer name or a list of layer names ('{Architecture.DefaultInputName}' is the model input)"));
            }
        }
        return (name, inputs);
    }

    private static bool IsLink(string property) =>
        property.Equals("name", StringComparison.OrdinalIgnoreCase) || property.Equals("inputs", StringComparison.OrdinalIgnoreCase);

    /// <summary>Every field of every type, by its camelCase and snake_case spellings.</summary>
    private static readonly Lazy<Dictionary<string, string>> FieldNames = new(() =>
    {
        var names = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var field in LayerCatalog.AllFields)
        {
            names[field] = field;
            names[LayerFields.SnakeName(field)] = field;
        }
        return names;
    });

    private static string Takes(string type, IReadOnlyList<string> allowed) => allowed.Count == 1
        ? $"{type} takes no properties besides type, name, inputs and trainable"
        : $"{type} takes {string.Join(", ", allowed)} (and name, inputs)";

    /// <summary>The layers left to read, nested models included.</summary>
    private sealed class Budget
    {
        private int left = SpecLimits.MaxLayers;

        public bool Take(int count) => (left -= count) >= 0;
    }
}
