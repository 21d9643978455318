using CnnApi.Architectures.Layers;

namespace CnnApi.Torch.Networks;

/// <summary>
/// One call of a layer, as the network runs it: the layer, the name its output goes by (<c>name</c>, <c>name[k]</c> for a
/// shared layer's call k), the outputs it reads and the shape it takes. <see cref="IsLast"/>: the layer is the model's
/// last one (its final softmax is left out); <see cref="IsFirst"/>: the call that owns the weights.
/// </summary>
public sealed record NetworkCall(NetworkLayer Layer, string Key, IReadOnlyList<string> Inputs, long[] InputShape, bool IsLast, bool IsFirst);

/// <summary>The calls of a network's layers in the order <see cref="NetworkBuilder"/> runs them (their <see cref="NetworkLayer.Step"/>).</summary>
public static class NetworkCalls
{
    /// <summary>The input's name: the InputLayer row's, or <c>input</c> for a straight line without one.</summary>
    public static string InputName(IReadOnlyList<NetworkLayer> layers) => layers.FirstOrDefault(l => l.Layer is InputLayer)?.Name ?? "input";

    /// <summary>
    /// Every call, ordered by step (a shared layer's later calls after the layers they read); a layer without
    /// <see cref="NetworkLayer.Inputs"/> reads the layer before it. The network's output is the last call's.
    /// A shared layer is built once in torch: with <paramref name="oneShape"/>, a call on another shape throws
    /// <see cref="ArgumentException"/> naming it (Keras code, which builds the layer per call, passes false).
    /// </summary>
    public static IReadOnlyList<NetworkCall> Of(IReadOnlyList<NetworkLayer> layers, bool oneShape = true)
    {
        var calls = new List<(int Step, NetworkCall Call)>();
        var previous = InputName(layers);
        for (var i = 0; i < layers.Count; i++)
        {
            var layer = layers[i];
            if (layer.Layer is InputLayer) continue;
            var last = i == layers.Count - 1;
            calls.Add((layer.Step, new(layer, layer.Name, layer.Inputs ?? [previous], layer.InputShape, last, true)));
            previous = layer.Name;
            foreach (var (step, key, inputs, shape) in layer.MoreCalls)
            {
                if (oneShape && !shape.SequenceEqual(layer.InputShape))
                    throw new ArgumentException($"layer {layer.Name}: a shared layer is built once, for [{string.Join(", ", layer.InputShape)}]; " +
                        $"its call {key} takes [{string.Join(", ", shape)}]", nameof(layers));
                calls.Add((step, new(layer, key, inputs, shape, last, false)));
            }
        }
        return calls.OrderBy(c => c.Step).Select(c => c.Call).ToList();   // stable: equal steps keep the layers' order
    }
}
