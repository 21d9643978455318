using CnnApi.Architectures.Layers;

namespace CnnApi.Torch.Networks;

/// <summary>
/// One layer as the builder needs it: its Keras name (<c>conv2d_1</c>), the layer, and its input and output
/// shapes without the batch dimension ([H, W, C] channels-last, [C, H, W] for channels_first data, [N] after Flatten).
/// Build these with <see cref="NetworkLayers"/>, which takes them from the summary library, the one place
/// shapes are computed. <see cref="OutputShape"/> may be left null (older callers); checks that need it then
/// ask the built network instead. <see cref="Inputs"/> names the layers it reads (a graph; the model input is the
/// <see cref="InputLayer"/> row's name; <c>name[k]</c> is call k of a shared layer); null means the layer before (a straight line).
/// </summary>
public sealed record NetworkLayer(string Name, Layer Layer, long[] InputShape, long[]? OutputShape = null)
{
    public IReadOnlyList<string>? Inputs { get; init; }

    /// <summary>The first call's place in the order of calls (its index when left 0 for every layer).</summary>
    public int Step { get; init; }

    /// <summary>
    /// A shared layer's further calls (Keras's nodes 1, 2, …): each its place in the order of calls, the name its output
    /// goes by (<c>name[k]</c>) and what it reads. One module serves every call, so the weights are shared.
    /// </summary>
    public IReadOnlyList<(int Step, string Key, IReadOnlyList<string> Inputs, long[] InputShape)> MoreCalls { get; init; } = [];
}
