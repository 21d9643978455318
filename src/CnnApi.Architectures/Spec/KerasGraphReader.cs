using System.Text.Json;
using CnnApi.Architectures.Layers;
using static CnnApi.Architectures.Spec.KerasJsonReader;

namespace CnnApi.Architectures.Spec;

/// <summary>
/// Reads the config of a Keras functional model (<c>Functional</c>, or <c>Model</c> before tf.keras 2.4): its layers
/// with their names, one <c>InputLayer</c>, and each layer's <c>inbound_nodes</c>, in the Keras 2 layout
/// <c>[[["conv2d", 0, 0, {}], …]]</c> or the Keras 3 one <c>[{"args": [{"class_name": "__keras_tensor__",
/// "config": {"keras_history": ["conv2d", 0, 0]}}], "kwargs": {}}]</c> (a merge's args hold a list of such tensors).
/// One input and one output. A layer called more than once (a shared layer: several inbound nodes) gives one entry per
/// call; a reference to node k of a layer reads its call k (<c>name[k]</c>).
/// </summary>
internal static class KerasGraphReader
{
    public static Architecture? Read(JsonElement? config, string path, ImportState state, int depth)
    {
        var errors = state.Errors;
        if (config is not { ValueKind: JsonValueKind.Object } obj || Get(obj, "layers") is not { ValueKind: JsonValueKind.Array } layersJson)
        {
            errors.Add(new(path, "a functional model's config must be an object with a list of layers"));
            return null;
        }
        var name = Get(obj, "name") is { } n ? ModelParts.Name(n, $"{path}.name", errors) ?? "model" : "model";
        if (!state.Take(layersJson.GetArrayLength()))
        {
            errors.Add(new($"{path}.layers", $"at most {SpecLimits.MaxLayers} layers are allowed in all (nested models included), got more"));
            return null;
        }
        string? inputName = null;
        int[]? input = null;
        var entries = new List<(Layer Layer, Wiring Wiring, string Path)>();
        var index = 0;
        foreach (var entry in layersJson.EnumerateArray())
        {
            var entryPath = $"{path}.layers[{index++}]";
            var layerName = Get(entry, "name") is { ValueKind: JsonValueKind.String } ln ? ln.GetString()
                : Get(Get(entry, "config"), "name") is { ValueKind: JsonValueKind.String } cn ? cn.GetString() : null;
            if (layerName is null)
            {
                errors.Add(new($"{entryPath}.name", "each layer of a functional model needs a name"));
                continue;
            }
            if (Get(entry, "class_name")?.GetString() == "InputLayer")
            {
                if (inputName is not null)
                    errors.Add(new($"{entryPath}.class_name", $"models with several inputs ('{inputName}', '{layerName}') are not supported"));
                inputName = layerName;
                input = BatchShape(Get(entry, "config") ?? default, $"{entryPath}.config", errors, required: true);
                continue;
            }
            var nodes = Inbound(Get(entry, "inbound_nodes"), $"{entryPath}.inbound_nodes", layerName, errors);
            // Each further call of a shared layer counts against the layer budget (Take adds one back for an InputLayer).
            if (nodes is { Count: > 1 } && !state.Take(nodes.Count))
            {
                errors.Add(new($"{entryPath}.inbound_nodes", $"at most {SpecLimits.MaxLayers} layers and layer calls are allowed in all, got more"));
                continue;
            }
            if (ReadEntry(entry, entryPath, state, depth) is { } layer && nodes is not null)
            {
                for (var call = 0; call < nodes.Count; call++)
                    entries.Add((layer, new Wiring(layerName, nodes[call]) { Call = call }, entryPath));
            }
        }
        if (inputName is null && errors.Count == 0)
            errors.Add(new($"{path}.layers", "a functional model needs an InputLayer"));
        var output = Ends(Get(obj, "output_layers"), $"{path}.output_layers", "output", errors);
        Ends(Get(obj, "input_layers"), $"{path}.input_layers", "input", errors);
        if (errors.Count > 0)
            return null;
        (entries, output) = FromModelNodes(entries, output);
        var last = entries.FindIndex(e => e.Wiring.Key == output);
        if (output is not null && last < 0)
        {
            errors.Add(new($"{path}.output_layers", $"the output '{output}' is no layer of the model"));
            return null;
        }
        if (last >= 0)
        {
            var end = entries[last];
            entries.RemoveAt(last);
            entries.Add(end);  // the output goes last, as the summarizer expects
        }
        if (entries.Count == 0)
        {
            errors.Add(new($"{path}.layers", "a model needs at least one layer besides its InputLayer"));
            return null;
        }
        return new Architecture(name, input!, entries.Select(e => e.Layer).ToList())
        {
            Graph = entries.Select(e => e.Wiring).ToList(), InputName = inputName!, Paths = entries.Select(e => e.Path).ToList(),
            GraphPaths = ($"{path}.layers", "inbound_nodes"),
        };
    }

    /// <summary>
    /// Keras numbers a nested model's nodes after the one that links its own input to its output (get_config's
    /// node_reindexing_map: "Functional models start with a pre-existing node"), so its first call is node 1. A nested
    /// model never referred to at node 0 has its references moved down by one.
    /// </summary>
    private static (List<(Layer Layer, Wiring Wiring, string Path)>, string?) FromModelNodes(List<(Layer Layer, Wiring Wiring, string Path)> entries, string? output)
    {
        var references = entries.SelectMany(e => e.Wiring.Inputs).Append(output).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var shifted = entries.Where(e => e.Layer is NestedModel && e.Wiring.Call == 0 && !references.Contains(e.Wiring.Name))
            .Select(e => e.Wiring.Name).ToHashSet(StringComparer.Ordinal);
        if (shifted.Count == 0)
            return (entries, output);
        string Shift(string reference) => Wiring.Parse(reference) is var (name, call) && call > 0 && shifted.Contains(name) ? Wiring.Reference(name, call - 1) : reference;
        return (entries.Select(e => e with { Wiring = e.Wiring with { Inputs = e.Wiring.Inputs.Select(Shift).ToList() } }).ToList(),
            output is null ? null : Shift(output));
    }

    /// <summary>The inputs of each of a layer's inbound nodes (one per call), either layout.</summary>
    private static List<List<string>>? Inbound(JsonElement? nodes, string path, string layer, List<SpecError> errors)
    {
        if (nodes is not { ValueKind: JsonValueKind.Array } list || list.GetArrayLength() == 0)
        {
            errors.Add(new(path, $"'{layer}' has no inbound_nodes: it is connected to nothing"));
            return null;
        }
        var calls = new List<List<string>>();
        var index = 0;
        foreach (var node in list.EnumerateArray())
        {
            if (Node(node, list.GetArrayLength() == 1 ? path : $"{path}[{index}]", layer, errors) is not { } names)
                return null;
            calls.Add(names);
            index++;
        }
        return calls;
    }

    /// <summary>The references (<c>name</c> or <c>name[k]</c>) one inbound node reads.</summary>
    private static List<string>? Node(JsonElement node, string path, string layer, List<SpecError> errors)
    {
        var names = new List<string>();
        if (node.ValueKind == JsonValueKind.Array)  // Keras 2: [["name", node, tensor, {kwargs}], …]
        {
            foreach (var link in node.EnumerateArray())
                names.Add(History(link, path, errors) ?? "");
        }
        else if (Get(node, "args") is { ValueKind: JsonValueKind.Array } args)  // Keras 3
        {
            foreach (var arg in args.EnumerateArray())
            {
                foreach (var tensor in arg.ValueKind == JsonValueKind.Array ? arg.EnumerateArray() : new[] { arg }.AsEnumerable())
                    names.Add(History(Get(Get(tensor, "config"), "keras_history") ?? default, path, errors) ?? "");
            }
        }
        else
            errors.Add(new(path, $"'{layer}': an inbound node must be a list of [name, node, tensor, kwargs] (Keras 2) or an object with args (Keras 3)"));
        return names.Contains("") || names.Count == 0 ? null : names;
    }

    /// <summary>
    /// A [name, node_index, tensor_index, …] reference as <c>name</c> (node 0) or <c>name[k]</c> (node k, the layer's
    /// call k); tensor_index must be 0 (one output per layer).
    /// </summary>
    private static string? History(JsonElement link, string path, List<SpecError> errors)
    {
        if (link.ValueKind == JsonValueKind.Array && link.GetArrayLength() >= 3 && link[0].ValueKind == JsonValueKind.String
            && link[1].ValueKind == JsonValueKind.Number && link[1].TryGetInt32(out var node) && node is >= 0 and < SpecLimits.MaxLayers && link[2].ValueKind == JsonValueKind.Number)
        {
            if (link[2].GetInt32() == 0)
                return Wiring.Reference(link[0].GetString()!, node);
            errors.Add(new(path, $"'{link[0].GetString()}' is used at output {link[2].GetInt32()}; layers with several outputs are not supported"));
            return null;
        }
        errors.Add(new(path, $"an input must be a [layer name, node index, tensor index] reference; got {ModelParts.Describe(link)}"));
        return null;
    }

    /// <summary>The one reference of input_layers/output_layers (<c>[["name", 0, 0]]</c> or <c>["name", 0, 0]</c>; node k gives <c>name[k]</c>); null when absent.</summary>
    private static string? Ends(JsonElement? value, string path, string what, List<SpecError> errors)
    {
        if (value is not { ValueKind: JsonValueKind.Array } list)
            return null;
        var single = list.GetArrayLength() >= 1 && list[0].ValueKind == JsonValueKind.String ? list : (JsonElement?)null;
        if (single is null && list.GetArrayLength() != 1)
        {
            errors.Add(new(path, $"models with {list.GetArrayLength()} {what}s are not supported; one {what} only"));
            return null;
        }
        var reference = single ?? list[0];
        return reference.ValueKind == JsonValueKind.Array && reference.GetArrayLength() >= 1 && reference[0].ValueKind == JsonValueKind.String
            ? Wiring.Reference(reference[0].GetString()!, reference.GetArrayLength() >= 2 && reference[1].ValueKind == JsonValueKind.Number && reference[1].TryGetInt32(out var node) && node > 0 ? node : 0) : null;
    }
}
