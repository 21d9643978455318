using System.Text.Json;
using CnnApi.Architectures.Layers;

namespace CnnApi.Architectures.Spec;

/// <summary>
/// Reads a Keras <c>model.to_json()</c> document: Sequential (Keras 2: config as a plain layer list, or
/// <c>{name, layers}</c>; input shape on an <c>InputLayer</c> or as <c>batch_input_shape</c> on the first layer) and
/// functional models (<c>Functional</c>/<c>Model</c>, see <see cref="KerasGraphReader"/>), from standalone Keras 2,
/// tf.keras and Keras 3 (<c>batch_shape</c>, <c>module</c>/<c>registered_name</c>, <c>build_config</c>, DTypePolicy
/// objects); models nested as layers are read the same way. Fields that do not change shapes or counts
/// (initializers, regularizers, dtype, …) are ignored. A Sequential model's layer names are not kept (summaries
/// name them as Keras does in a fresh session); a functional model's are, since its wiring uses them.
/// </summary>
internal static class KerasJsonReader
{
    private const int MaxDepth = 3;

    public static ArchitectureReadResult Read(JsonElement root)
    {
        var errors = new List<SpecError>();
        if (Get(root, "modelTopology") is { } topology)  // a TensorFlow.js model.json wraps the Keras document
            root = Get(topology, "model_config") ?? topology;
        var state = new ImportState(errors);
        if (Get(root, "keras_version") is { ValueKind: JsonValueKind.String } version && version.GetString()!.StartsWith("1.", StringComparison.Ordinal))
        {
            // Keras 1 spelled its fields differently (nb_filter, output_dim, p): only its layer classes are worth reporting.
            state.KerasOne = true;
            errors.Add(new("keras_version", $"Keras 1 documents (keras_version {version.GetString()}) are not supported; re-save the model with Keras 2 or later"));
        }
        var className = Get(root, "class_name") is { ValueKind: JsonValueKind.String } c ? c.GetString() : null;
        if (className is null || !LayerCatalog.ModelClasses.Contains(className))
            return ArchitectureReadResult.Fail(SpecFormat.Keras, new SpecError("class_name",
                $"only Keras Sequential and functional (Functional, Model) models can be read; got {(className is null ? "no class_name" : $"'{className}'")}"));
        var architecture = ReadModel(root, "", state, depth: 0);
        return errors.Count > 0 || architecture is null
            ? new ArchitectureReadResult(null, errors, SpecFormat.Keras)
            : new ArchitectureReadResult(architecture, [], SpecFormat.Keras);
    }

    /// <summary>A model entry (<c>{class_name, config}</c>) at <paramref name="path"/> ("" for the document).</summary>
    internal static Architecture? ReadModel(JsonElement entry, string path, ImportState state, int depth)
    {
        var at = (string field) => path.Length == 0 ? field : $"{path}.{field}";
        if (depth > MaxDepth)
        {
            state.Errors.Add(new(at("class_name"), $"models may be nested at most {MaxDepth} deep"));
            return null;
        }
        return Get(entry, "class_name")?.GetString() == "Sequential"
            ? ReadSequential(Get(entry, "config"), at("config"), state, depth)
            : KerasGraphReader.Read(Get(entry, "config"), at("config"), state, depth);
    }

    private static Architecture? ReadSequential(JsonElement? config, string path, ImportState state, int depth)
    {
        var errors = state.Errors;
        var name = "sequential";
        JsonElement layersJson;
        string layersPath;
        if (config is { ValueKind: JsonValueKind.Array } list)
            (layersJson, layersPath) = (list, path);
        else if (config is { ValueKind: JsonValueKind.Object } obj && Get(obj, "layers") is { ValueKind: JsonValueKind.Array } nested)
        {
            (layersJson, layersPath) = (nested, $"{path}.layers");
            if (Get(obj, "name") is { } n)
                name = ModelParts.Name(n, $"{path}.name", errors) ?? name;
        }
        else
        {
            errors.Add(new(path, "config must be a list of layers or an object with a list of layers"));
            return null;
        }
        if (!state.Take(layersJson.GetArrayLength()))
        {
            errors.Add(new(layersPath, depth == 0
                ? $"at most {SpecLimits.MaxLayers} layers are allowed, got {layersJson.GetArrayLength()}"
                : $"at most {SpecLimits.MaxLayers} layers are allowed in all (nested models included)"));
            return null;
        }
        int[]? input = null;
        var layers = new List<Layer>();
        var paths = new List<string>();
        var index = 0;
        foreach (var entry in layersJson.EnumerateArray())
        {
            var entryPath = $"{layersPath}[{index++}]";
            var cls = Get(entry, "class_name") is { ValueKind: JsonValueKind.String } c ? c.GetString() : null;
            var entryConfig = Get(entry, "config") ?? default;
            if (cls == "InputLayer")
            {
                if (input is not null || layers.Count > 0)
                    errors.Add(new($"{entryPath}.class_name", "an InputLayer may only come first"));
                else
                    input = BatchShape(entryConfig, $"{entryPath}.config", errors, required: true);
                continue;
            }
            if (input is null && layers.Count == 0 && cls is not null && !LayerCatalog.ModelClasses.Contains(cls))
                input = BatchShape(entryConfig, $"{entryPath}.config", errors, required: false)
                    ?? BatchShape(Get(entry, "build_config") ?? default, $"{entryPath}.build_config", errors, required: false, "input_shape");
            if (ReadEntry(entry, entryPath, state, depth) is { } layer)
            {
                layers.Add(layer);
                paths.Add(entryPath);
            }
        }
        if (depth == 0 && input is null && layers.FirstOrDefault() is NestedModel { Model.InputShape: { Length: > 0 } first })
            input = first;
        if (depth == 0 && input is null && errors.Count == 0)
            errors.Add(new(layersPath, "the document gives no input shape (no InputLayer, no batch_input_shape on the first layer); build the model before calling to_json()"));
        if (layers.Count is 0 or > SpecLimits.MaxLayers && errors.Count == 0)
            errors.Add(new(layersPath, $"a model needs 1 to {SpecLimits.MaxLayers} layers, got {layers.Count}"));
        return errors.Count > 0 ? null : new Architecture(name, input ?? [], layers) { Paths = paths };
    }

    /// <summary>One layer entry: a layer of the catalogue or a nested model; null (with an error) otherwise.</summary>
    internal static Layer? ReadEntry(JsonElement entry, string path, ImportState state, int depth)
    {
        var errors = state.Errors;
        var cls = Get(entry, "class_name") is { ValueKind: JsonValueKind.String } c ? c.GetString() : null;
        if (cls is null)
        {
            errors.Add(new($"{path}.class_name", "each layer needs a class_name"));
            return null;
        }
        var config = Get(entry, "config") is { ValueKind: JsonValueKind.Object } o ? o : default;
        if (LayerCatalog.ModelClasses.Contains(cls))
        {
            if (state.KerasOne)
                return null;
            var model = ReadModel(entry, path, state, depth + 1);
            var frozen = Get(config, "trainable") is { ValueKind: JsonValueKind.False };
            return model is null ? null : new NestedModel(model, cls) { Trainable = !frozen };
        }
        var type = LayerCatalog.Canonical(cls);
        if (type != cls)
        {
            var (before, after) = Hint(cls, entry);
            errors.Add(new($"{path}.class_name", $"layer class '{cls}'{before} is not supported{after}; supported: {LayerCatalog.Supported}"));
            return null;
        }
        if (state.KerasOne)
            return null;
        CheckKerasOnlyFields(config, $"{path}.config", errors);
        var fields = new LayerFields($"{path}.config", errors, snakeCase: true);
        foreach (var field in LayerCatalog.Fields(type))
        {
            var written = LayerFields.SnakeName(field);
            if (Get(config, written) is { } value)
                fields.Add(field, written, value);
        }
        return LayerBuilder.Build(type, fields);
    }

    /// <summary>Keras fields that change counts or results in ways CnnApi does not model are refused rather than ignored.</summary>
    private static void CheckKerasOnlyFields(JsonElement config, string path, List<SpecError> errors)
    {
        if (Get(config, "groups") is { } groups && !(groups.ValueKind == JsonValueKind.Number && groups.TryGetInt32(out var g) && g == 1))
            errors.Add(new($"{path}.groups", $"grouped convolutions (groups = {groups.GetRawText()}) are not supported"));
        if (Get(config, "lora_rank") is { ValueKind: not JsonValueKind.Null } lora)
            errors.Add(new($"{path}.lora_rank", $"LoRA layers (lora_rank = {lora.GetRawText()}) are not supported"));
        if (Get(config, "rms_scaling") is { ValueKind: JsonValueKind.True })
            errors.Add(new($"{path}.rms_scaling", "LayerNormalization with rms_scaling is not supported"));
        if (Get(config, "pad_to_aspect_ratio") is { ValueKind: JsonValueKind.True })
            errors.Add(new($"{path}.pad_to_aspect_ratio", "Resizing with pad_to_aspect_ratio is not supported"));
        if (Get(config, "fill_value") is { ValueKind: JsonValueKind.Number } fill && fill.GetDouble() != 0)
            errors.Add(new($"{path}.fill_value", $"fill_value {fill.GetRawText()} is not supported; constant fill uses 0"));
    }

    internal static int[]? BatchShape(JsonElement config, string path, List<SpecError> errors, bool required, params string[] names)
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

    /// <summary>Why a class is refused: a note after its name (Keras 1) or after "is not supported" (code that is not in the document).</summary>
    private static (string Before, string After) Hint(string cls, JsonElement entry) => cls switch
    {
        "Convolution2D" => (" (Keras 1; Keras 2 and later write Conv2D)", ""),
        "Convolution1D" or "AtrousConvolution2D" or "Deconvolution2D" or "MaxoutDense" or "Merge" or "Highway"
            => (" (Keras 1; Keras 2 and later write Conv2D, Conv2DTranspose, … and merge layers such as Add)", ""),
        "Lambda" => ("", ": a Lambda layer runs Python code saved as bytecode, which cannot be read safely or run here"),
        "TFOpLambda" or "SlicingOpLambda" => ("", ": it records a TensorFlow operation as Python code, like a Lambda layer"),
        _ when Get(entry, "registered_name") is { ValueKind: JsonValueKind.String } r && r.GetString() != cls
            => ("", $": it is a custom class (registered as '{r.GetString()}') whose code is not in the document"),
        _ when Get(entry, "module") is { ValueKind: JsonValueKind.String } m && !m.GetString()!.StartsWith("keras", StringComparison.Ordinal)
            => ("", $": it is a custom class from module '{m.GetString()}' whose code is not in the document"),
        _ => ("", ""),
    };

    internal static JsonElement? Get(JsonElement? obj, string name) =>
        obj is { ValueKind: JsonValueKind.Object } o && o.TryGetProperty(name, out var v) ? v : null;

    /// <summary>What reading one document shares: its errors, whether it is Keras 1, and the layers left to read.</summary>
    internal sealed class ImportState(List<SpecError> errors)
    {
        private int left = SpecLimits.MaxLayers + 1;

        public List<SpecError> Errors => errors;
        public bool KerasOne { get; set; }

        /// <summary>Takes <paramref name="count"/> entries of the layer budget (one InputLayer per model comes on top).</summary>
        public bool Take(int count)
        {
            left -= count;
            left++;
            return left >= 0;
        }
    }
}
