using System.Text.Json;
using CnnApi.Architectures.Layers;

namespace CnnApi.Architectures.Spec;

/// <summary>
/// Reads a Keras <c>model.to_json()</c> Sequential document: Keras 2 (config as a plain layer list, or
/// <c>{name, layers}</c>; input shape on an <c>InputLayer</c> or as <c>batch_input_shape</c> on the first layer),
/// tf.keras and Keras 3 (<c>batch_shape</c>, <c>module</c>/<c>registered_name</c>, <c>build_config</c>, DTypePolicy
/// objects). Fields that do not change shapes or counts (initializers, regularizers, dtype, …) are ignored.
/// Layer names in the document are not kept: summaries name layers as Keras does in a fresh session.
/// </summary>
internal static class KerasJsonReader
{
    public static ArchitectureReadResult Read(JsonElement root)
    {
        var errors = new List<SpecError>();
        if (Get(root, "modelTopology") is { } topology)  // a TensorFlow.js model.json wraps the Keras document
            root = Get(topology, "model_config") ?? topology;
        var className = Get(root, "class_name") is { ValueKind: JsonValueKind.String } c ? c.GetString() : null;
        if (className != "Sequential")
            return ArchitectureReadResult.Fail(SpecFormat.Keras, new SpecError("class_name",
                $"only Keras Sequential models can be read; got {(className is null ? "no class_name" : $"'{className}'")}"));
        var name = "sequential";
        JsonElement layersJson;
        string layersPath;
        var config = Get(root, "config");
        if (config is { ValueKind: JsonValueKind.Array } list)
            (layersJson, layersPath) = (list, "config");
        else if (config is { ValueKind: JsonValueKind.Object } obj && Get(obj, "layers") is { ValueKind: JsonValueKind.Array } nested)
        {
            (layersJson, layersPath) = (nested, "config.layers");
            if (Get(obj, "name") is { } n)
                name = ModelParts.Name(n, "config.name", errors) ?? name;
        }
        else
            return ArchitectureReadResult.Fail(SpecFormat.Keras, new SpecError("config", "config must be a list of layers or an object with a list of layers"));
        if (layersJson.GetArrayLength() > SpecLimits.MaxLayers + 1)
            return ArchitectureReadResult.Fail(SpecFormat.Keras, new SpecError(layersPath, $"at most {SpecLimits.MaxLayers} layers are allowed, got {layersJson.GetArrayLength()}"));
        var state = new ImportState(errors);
        if (Get(root, "keras_version") is { ValueKind: JsonValueKind.String } version && version.GetString()!.StartsWith("1.", StringComparison.Ordinal))
        {
            // Keras 1 spelled its fields differently (nb_filter, output_dim, p): only its layer classes are worth reporting.
            state.KerasOne = true;
            errors.Add(new("keras_version", $"Keras 1 documents (keras_version {version.GetString()}) are not supported; re-save the model with Keras 2 or later"));
        }
        var index = 0;
        foreach (var entry in layersJson.EnumerateArray())
            ReadEntry(entry, $"{layersPath}[{index++}]", state);
        if (state.Input is null && errors.Count == 0)
            errors.Add(new(layersPath, "the document gives no input shape (no InputLayer, no batch_input_shape on the first layer); build the model before calling to_json()"));
        if (state.Layers.Count is 0 or > SpecLimits.MaxLayers && errors.Count == 0)
            errors.Add(new(layersPath, $"a model needs 1 to {SpecLimits.MaxLayers} layers, got {state.Layers.Count}"));
        return errors.Count > 0
            ? new ArchitectureReadResult(null, errors, SpecFormat.Keras)
            : new ArchitectureReadResult(new Architecture(name, state.Input!, state.Layers), [], SpecFormat.Keras);
    }

    private static void ReadEntry(JsonElement entry, string path, ImportState state)
    {
        var errors = state.Errors;
        var cls = Get(entry, "class_name") is { ValueKind: JsonValueKind.String } c ? c.GetString() : null;
        if (cls is null)
        {
            errors.Add(new($"{path}.class_name", "each layer needs a class_name"));
            return;
        }
        var config = Get(entry, "config") is { ValueKind: JsonValueKind.Object } o ? o : default;
        if (Get(config, "data_format") is { ValueKind: JsonValueKind.String } format && format.GetString() != "channels_last")
            errors.Add(new($"{path}.config.data_format", $"data_format \"{format.GetString()}\" ({cls}) is not supported: CnnApi is channels-last ([height, width, channels]); re-save the model with data_format=\"channels_last\""));
        if (cls == "InputLayer")
        {
            if (state.Input is not null || state.Layers.Count > 0)
                errors.Add(new($"{path}.class_name", "an InputLayer may only come first"));
            else
                state.Input = BatchShape(config, $"{path}.config", errors, required: true);
            return;
        }
        if (state.Input is null && state.Layers.Count == 0)
            state.Input = BatchShape(config, $"{path}.config", errors, required: false)
                ?? BatchShape(Get(entry, "build_config") ?? default, $"{path}.build_config", errors, required: false, "input_shape");
        var type = LayerCatalog.Canonical(cls);
        if (type != cls)
        {
            errors.Add(new($"{path}.class_name", $"layer class '{cls}'{Hint(cls)} is not supported; supported: {LayerCatalog.Supported}"));
            return;
        }
        if (state.KerasOne)
            return;
        CheckKerasOnlyFields(type, config, path, state);
        var fields = new LayerFields($"{path}.config", errors, snakeCase: true);
        foreach (var field in LayerCatalog.Fields(type))
        {
            var written = LayerFields.SnakeName(field);
            if (Get(config, written) is { } value)
                fields.Add(field, written, value);
        }
        if (LayerCatalog.Build(type, fields) is { } layer)
            state.Layers.Add(layer);
        if (type is "Flatten" or "GlobalAveragePooling2D" or "GlobalMaxPooling2D")
            state.Rank = 1;
    }

    /// <summary>Keras fields that change counts in ways CnnApi does not model are refused rather than ignored.</summary>
    private static void CheckKerasOnlyFields(string type, JsonElement config, string path, ImportState state)
    {
        if (Get(config, "groups") is { } groups && !(groups.ValueKind == JsonValueKind.Number && groups.TryGetInt32(out var g) && g == 1))
            state.Errors.Add(new($"{path}.config.groups", $"grouped convolutions (groups = {groups.GetRawText()}) are not supported"));
        if (Get(config, "lora_rank") is { ValueKind: not JsonValueKind.Null } lora)
            state.Errors.Add(new($"{path}.config.lora_rank", $"LoRA layers (lora_rank = {lora.GetRawText()}) are not supported"));
        if (type == "BatchNormalization" && Get(config, "axis") is { } axis)
        {
            var single = axis.ValueKind == JsonValueKind.Array && axis.GetArrayLength() == 1 ? axis[0] : axis;
            var last = single.ValueKind == JsonValueKind.Number && single.TryGetInt32(out var a) && (a == -1 || a == state.Rank);
            if (!last)
                state.Errors.Add(new($"{path}.config.axis", $"BatchNormalization over axis {axis.GetRawText()} is not supported; only the last (channels) axis"));
        }
    }

    private static int[]? BatchShape(JsonElement config, string path, List<SpecError> errors, bool required, params string[] names)
    {
        foreach (var key in names.Length > 0 ? names : ["batch_shape", "batch_input_shape"])
        {
            if (Get(config, key) is { ValueKind: not JsonValueKind.Null } shape)
                return ModelParts.InputShape(shape, $"{path}.{key}", errors, hasBatch: true);
        }
        if (required)
            errors.Add(new($"{path}.batch_shape", "the InputLayer gives no batch_shape or batch_input_shape"));
        return null;
    }

    private static string Hint(string cls) => cls switch
    {
        "Convolution2D" => " (Keras 1; Keras 2 and later write Conv2D)",
        "Sequential" or "Functional" or "Model" => " (a nested model)",
        _ => "",
    };

    private static JsonElement? Get(JsonElement obj, string name) =>
        obj.ValueKind == JsonValueKind.Object && obj.TryGetProperty(name, out var v) ? v : null;

    private sealed class ImportState(List<SpecError> errors)
    {
        public List<SpecError> Errors => errors;
        public List<Layer> Layers { get; } = [];
        public int[]? Input { get; set; }
        /// <summary>The rank of the current tensor without batch: 3 until a Flatten or global pooling, then 1.</summary>
        public int Rank { get; set; } = 3;
        public bool KerasOne { get; set; }
    }
}
