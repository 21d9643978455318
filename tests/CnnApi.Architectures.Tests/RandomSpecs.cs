using System.Globalization;
using System.Text.Json.Nodes;
using CnnApi.Architectures.Spec;
using CnnApi.Architectures.Summaries;

namespace CnnApi.Architectures.Tests;

/// <summary>
/// Seeded random specs over every layer type: straight lines, and graphs with branches, merges and nested models.
/// Each layer is drawn to fit the shape CnnApi computes so far (a draw that does not fit is dropped), so most
/// specs are valid; the shapes are then checked against another implementation (tfjs, TorchSharp).
/// Shared with CnnApi.Torch.Tests.
/// </summary>
internal sealed class RandomSpecs(Random random, bool channelsFirst = true, bool augmentation = true)
{
    private int counter;

    /// <summary>A Sequential spec of 1–6 layers on a small image.</summary>
    public string Sequential()
    {
        var (input, layers) = (Input(), new JsonArray());
        var shape = Array.ConvertAll(input, d => (long)d);
        for (var count = random.Next(1, 7); layers.Count < count;)
        {
            var layer = Layer(shape);
            layers.Add(layer);
            if (Summarize(input, layers) is { } summary)
                shape = summary.Layers[^1].OutputDims;
            else
                layers.RemoveAt(layers.Count - 1);
        }
        return Document(input, layers);
    }

    /// <summary>A graph: 2–7 steps, each a layer on an earlier tensor, a merge of equal shapes or a nested Sequential; every loose end is merged into the output.</summary>
    public string Graph()
    {
        var input = Input();
        var layers = new JsonArray();
        var shapes = new Dictionary<string, long[]> { [Architecture.DefaultInputName] = Array.ConvertAll(input, d => (long)d) };
        var used = new HashSet<string>();
        for (var steps = random.Next(2, 8); steps > 0; steps--)
        {
            var names = shapes.Keys.ToList();
            var from = names[random.Next(names.Count)];
            var name = $"n{counter++}";
            JsonObject layer;
            var twins = names.Where(n => n != from && shapes[n].SequenceEqual(shapes[from])).ToList();
            var siblings = names.Where(n => n != from && shapes[n].Length == shapes[from].Length
                && shapes[n].AsSpan(0, shapes[n].Length - 1).SequenceEqual(shapes[from].AsSpan(0, shapes[from].Length - 1))).ToList();
            var roll = random.Next(10);
            if (roll < 3 && twins.Count > 0)
                layer = Merge(from, twins[random.Next(twins.Count)], random.Next(3) == 0 && twins.Count > 1 ? twins[0] : null);
            else if (roll == 3 && siblings.Count > 0)
                layer = new JsonObject { ["type"] = "Concatenate", ["inputs"] = new JsonArray(from, siblings[random.Next(siblings.Count)]) };
            else if (roll == 4)
                layer = Nested(shapes[from], from);
            else
            {
                layer = Layer(shapes[from]);
                layer["inputs"] = new JsonArray(from);
            }
            layer["name"] = name;
            layers.Add(layer);
            if (Summarize(input, Ancestors(layers, name)) is { } summary)
            {
                shapes[name] = summary.Layers.Single(l => l.Name == name).OutputDims;
                foreach (var n in summary.Layers.Single(l => l.Name == name).ConnectedTo)
                    used.Add(n);
            }
            else
                layers.RemoveAt(layers.Count - 1);
        }
        Close(input, layers, shapes, used);
        return Document(input, layers);
    }

    /// <summary>The layers <paramref name="name"/> depends on, itself last: a graph without unused layers.</summary>
    private static JsonArray Ancestors(JsonArray layers, string name)
    {
        var byName = layers.ToDictionary(l => (string)l!["name"]!, l => l!);
        var needed = new HashSet<string>();
        var stack = new Stack<string>([name]);
        while (stack.TryPop(out var n))
        {
            if (!byName.TryGetValue(n, out var layer) || !needed.Add(n))
                continue;
            foreach (var input in layer["inputs"]!.AsArray())
                stack.Push((string)input!);
        }
        var result = new JsonArray();
        foreach (var layer in layers)
        {
            if (needed.Contains((string)layer!["name"]!))
                result.Add(layer.DeepClone());
        }
        return result;
    }

    /// <summary>Every tensor nobody reads is flattened to a Dense(4) and the ends are added: nothing is left unused.</summary>
    private void Close(int[] input, JsonArray layers, Dictionary<string, long[]> shapes, HashSet<string> used)
    {
        var loose = shapes.Keys.Where(n => !used.Contains(n) && n != Architecture.DefaultInputName).ToList();
        if (loose.Count == 0)
            loose = [Architecture.DefaultInputName];
        var ends = new List<string>();
        foreach (var end in loose)
        {
            var flat = end;
            var dense = $"d{counter++}";
            if (shapes[end].Length > 1)  // Keras 2.2 and tfjs refuse Flatten on a flat input
            {
                flat = $"f{counter++}";
                layers.Add(new JsonObject { ["type"] = "Flatten", ["name"] = flat, ["inputs"] = new JsonArray(end) });
            }
            layers.Add(new JsonObject { ["type"] = "Dense", ["name"] = dense, ["units"] = 4, ["inputs"] = new JsonArray(flat) });
            ends.Add(dense);
        }
        if (ends.Count > 1)
            layers.Add(new JsonObject { ["type"] = "Add", ["name"] = $"out{counter++}", ["inputs"] = new JsonArray(ends.Select(e => (JsonNode)e!).ToArray()) });
    }

    private JsonObject Merge(string a, string b, string? c)
    {
        string[] kinds = ["Add", "Subtract", "Multiply", "Average", "Maximum", "Minimum", "Concatenate"];
        var kind = kinds[random.Next(kinds.Length)];
        var inputs = c is null || kind == "Subtract" ? new JsonArray(a, b) : new JsonArray(a, b, c);
        return new JsonObject { ["type"] = kind, ["inputs"] = inputs };
    }

    private JsonObject Nested(long[] shape, string from)
    {
        var inner = new JsonArray();
        var innerShape = shape;
        var input = Array.ConvertAll(shape, d => (int)d);
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            var layer = Layer(innerShape);
            inner.Add(layer);
            if (input.Length == 3 && Summarize(input, inner) is { } s)
                innerShape = s.Layers[^1].OutputDims;
            else
                inner.RemoveAt(inner.Count - 1);
        }
        if (inner.Count == 0)
            inner.Add(new JsonObject { ["type"] = "Dropout", ["rate"] = 0.1 });
        return new JsonObject
        {
            ["type"] = "Sequential", ["inputs"] = new JsonArray(from), ["inputShape"] = new JsonArray(input.Select(d => (JsonNode)d).ToArray()),
            ["layers"] = inner, ["trainable"] = random.Next(4) != 0,
        };
    }

    /// <summary>One layer that is likely to fit <paramref name="shape"/>.</summary>
    public JsonObject Layer(long[] shape)
    {
        var spatial = shape.Length == 3;
        var small = spatial && shape[0] <= 16 && shape[1] <= 16;
        var cf = channelsFirst && spatial && random.Next(5) == 0;
        var k = random.Next(1, 4);
        string[] flatTypes = ["Dense", "Dropout", "BatchNormalization", "LayerNormalization", "Activation", "ReLU", "LeakyReLU", "ELU", "PReLU",
            "Softmax", "Rescaling", "GaussianNoise", "GaussianDropout", "Reshape"];
        string[] imageTypes = ["Conv2D", "Conv2D", "SeparableConv2D", "DepthwiseConv2D", "MaxPooling2D", "AveragePooling2D", "GlobalAveragePooling2D",
            "GlobalMaxPooling2D", "Flatten", "ZeroPadding2D", "Cropping2D", "SpatialDropout2D", "Permute", "Resizing",
            .. small ? new[] { "Conv2DTranspose", "UpSampling2D" } : [],
            .. augmentation ? new[] { "RandomFlip", "RandomRotation", "RandomTranslation", "RandomZoom" } : []];
        var pool = spatial ? [.. imageTypes, .. flatTypes] : flatTypes;
        var type = pool[random.Next(pool.Length)];
        var layer = new JsonObject { ["type"] = type };
        switch (type)
        {
            case "Conv2D":
                layer["filters"] = random.Next(1, 9);
                layer["kernelSize"] = Pair(k, random.Next(1, 4));
                layer["padding"] = random.Next(2) == 0 ? "same" : "valid";
                if (random.Next(3) == 0) layer["strides"] = random.Next(1, 3);
                else if (random.Next(4) == 0) layer["dilationRate"] = 2;
                layer["useBias"] = random.Next(4) != 0;
                layer["activation"] = random.Next(2) == 0 ? "relu" : "linear";
                break;
            case "SeparableConv2D":
                layer["filters"] = random.Next(1, 9);
                layer["kernelSize"] = k;
                layer["depthMultiplier"] = random.Next(1, 3);
                layer["padding"] = random.Next(2) == 0 ? "same" : "valid";
                if (random.Next(3) == 0) layer["strides"] = 2;
                break;
            case "DepthwiseConv2D":
                layer["kernelSize"] = Pair(k, random.Next(1, 4));
                layer["depthMultiplier"] = random.Next(1, 3);
                layer["padding"] = random.Next(2) == 0 ? "same" : "valid";
                layer["useBias"] = random.Next(3) != 0;
                break;
            case "Conv2DTranspose":
                layer["filters"] = random.Next(1, 6);
                layer["kernelSize"] = k;
                layer["strides"] = random.Next(1, 3);
                layer["padding"] = random.Next(2) == 0 ? "same" : "valid";
                break;
            case "MaxPooling2D" or "AveragePooling2D":
                layer["poolSize"] = random.Next(1, 4);
                if (random.Next(2) == 0) layer["strides"] = random.Next(1, 3);
                layer["padding"] = random.Next(2) == 0 ? "same" : "valid";
                break;
            case "ZeroPadding2D": layer["padding"] = random.Next(2) == 0 ? random.Next(0, 3) : new JsonArray(new JsonArray(0, 1), new JsonArray(2, 1)); break;
            case "Cropping2D": layer["cropping"] = new JsonArray(new JsonArray(random.Next(2), random.Next(2)), new JsonArray(random.Next(2), 1)); break;
            case "UpSampling2D": layer["size"] = random.Next(1, 3); layer["interpolation"] = random.Next(2) == 0 ? "nearest" : "bilinear"; break;
            case "SpatialDropout2D" or "Dropout" or "GaussianDropout": layer["rate"] = 0.25; break;
            case "GaussianNoise": layer["stddev"] = 0.1; break;
            case "Permute": layer["dims"] = new JsonArray(2, 1, 3); cf = false; break;
            case "Resizing": layer["height"] = random.Next(4, 20); layer["width"] = random.Next(4, 20); layer["interpolation"] = random.Next(2) == 0 ? "bilinear" : "nearest"; break;
            case "RandomFlip": layer["mode"] = "horizontal"; break;
            case "RandomRotation": layer["factor"] = 0.1; break;
            case "RandomTranslation": layer["heightFactor"] = 0.1; layer["widthFactor"] = 0.1; break;
            case "RandomZoom": layer["heightFactor"] = 0.1; break;
            case "Dense": layer["units"] = random.Next(1, 17); layer["activation"] = "relu"; break;
            case "BatchNormalization": if (random.Next(3) == 0) layer["axis"] = 1; break;
            case "LayerNormalization": if (random.Next(3) == 0) layer["axis"] = new JsonArray(Enumerable.Range(1, shape.Length).Select(a => (JsonNode)a).ToArray()); break;
            case "Activation": layer["activation"] = "tanh"; break;
            case "ReLU": layer["maxValue"] = 6.0; break;
            case "LeakyReLU": layer["negativeSlope"] = 0.1; break;
            case "ELU": layer["alpha"] = 1.0; break;  // tfjs 4.22 supports only the default alpha
            case "PReLU": if (shape.Length > 1) layer["sharedAxes"] = new JsonArray(Enumerable.Range(1, shape.Length - 1).Select(a => (JsonNode)a).ToArray()); break;
            case "Softmax": layer["axis"] = -1; break;
            case "Rescaling": layer["scale"] = 0.5; layer["offset"] = 0.1; break;
            case "Reshape": layer["targetShape"] = Reshape(shape); break;
            case "Flatten" or "GlobalAveragePooling2D" or "GlobalMaxPooling2D": break;
        }
        if (cf && type is not ("Dense" or "Reshape" or "Dropout" or "BatchNormalization" or "LayerNormalization" or "Activation" or "ReLU" or "LeakyReLU"
            or "ELU" or "PReLU" or "Softmax" or "Rescaling" or "GaussianNoise" or "GaussianDropout" or "Flatten"))
            layer["dataFormat"] = "channels_first";
        return layer;
    }

    private JsonArray Reshape(long[] shape) => shape.Length == 3 && random.Next(2) == 0
        ? new JsonArray((JsonNode)shape[1], (JsonNode)shape[0], (JsonNode)shape[2])
        : new JsonArray(-1, (JsonNode)shape[^1]);

    private JsonNode Pair(int a, int b) => a == b ? a : new JsonArray(a, b);

    private int[] Input() => [random.Next(6, 25), random.Next(6, 25), random.Next(1, 4)];

    private static string Document(int[] input, JsonArray layers) =>
        new JsonObject { ["name"] = "random", ["inputShape"] = new JsonArray(input.Select(d => (JsonNode)d).ToArray()), ["layers"] = layers.DeepClone() }
            .ToJsonString();

    private static ArchitectureSummary? Summarize(int[] input, JsonArray layers)
    {
        var read = ArchitectureReader.Read(Document(input, layers));
        return read.Architecture is { } a && Summarizer.Summarize(a) is { Summary: { TotalParams: < 2_000_000 } summary } ? summary : null;
    }

    public override string ToString() => counter.ToString(CultureInfo.InvariantCulture);
}
