using CnnApi.Architectures.Layers;

namespace CnnApi.Torch.Networks;

/// <summary>
/// One layer as the builder needs it: its Keras name (<c>conv2d_1</c>), the layer, and its input and output
/// shapes without the batch dimension ([H, W, C] channels-last, [C, H, W] for channels_first data, [N] after Flatten).
/// Build these with <see cref="NetworkLayers"/>, which takes them from the summary library, the one place
/// shapes are computed. <see cref="OutputShape"/> may be left null (older callers); checks that need it then
/// ask the built network instead. <see cref="Inputs"/> names the layers it reads (a graph; the model input is the
/// <see cref="InputLayer"/> row's name); null means the layer before (a straight line).
/// </summary>
public sealed record NetworkLayer(string Name, Layer Layer, long[] InputShape, long[]? OutputShape = null)
{
    public IReadOnlyList<string>? Inputs { get; init; }
}
