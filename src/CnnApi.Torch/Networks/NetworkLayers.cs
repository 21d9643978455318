using CnnApi.Architectures.Layers;
using CnnApi.Architectures.Spec;

namespace CnnApi.Torch.Networks;

/// <summary>
/// Keras names and input shapes of an architecture's layers, for <see cref="NetworkBuilder"/>. The host may
/// pass the summary library's names and shapes instead; both follow Keras (fresh session, channels-last).
/// </summary>
public static class NetworkLayers
{
    /// <summary>Names each layer as Keras does in a fresh session and walks the shapes from the input.</summary>
    public static IReadOnlyList<NetworkLayer> From(Architecture architecture)
    {
        var counts = new Dictionary<string, int>();
        var shape = architecture.InputShape.Select(d => (long)d).ToArray();
        var result = new List<NetworkLayer>(architecture.Layers.Count);
        foreach (var layer in architecture.Layers)
        {
            int n = counts.GetValueOrDefault(layer.NameStem);
            counts[layer.NameStem] = n + 1;
            result.Add(new NetworkLayer(n == 0 ? layer.NameStem : $"{layer.NameStem}_{n}", layer, shape));
            shape = OutputShape(layer, shape);
        }
        return result;
    }

    /// <summary>The output shape (channels-last, no batch) of <paramref name="layer"/> on <paramref name="input"/>.</summary>
    public static long[] OutputShape(Layer layer, long[] input) => layer switch
    {
        Conv2D c => [Spatial(input[0], c.KernelSize.Height, c.Strides.Height, c.DilationRate.Height, c.Padding),
                     Spatial(input[1], c.KernelSize.Width, c.Strides.Width, c.DilationRate.Width, c.Padding), c.Filters],
        Pooling2D p => [Spatial(input[0], p.PoolSize.Height, p.Strides.Height, 1, p.Padding),
                        Spatial(input[1], p.PoolSize.Width, p.Strides.Width, 1, p.Padding), input[2]],
        GlobalPooling2D => [input[^1]],
        Flatten => [input.Aggregate(1L, (a, b) => a * b)],
        Dense d => [.. input[..^1], d.Units],
        _ => input,
    };

    /// <summary>Keras: "valid" keeps whole windows only; "same" gives ceil(size / stride).</summary>
    internal static long Spatial(long size, long kernel, long stride, long dilation, Padding padding) =>
        padding == Padding.Same
            ? (size + stride - 1) / stride
            : (size - dilation * (kernel - 1) - 1) / stride + 1;
}
