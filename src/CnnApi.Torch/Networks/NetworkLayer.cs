using CnnApi.Architectures.Layers;

namespace CnnApi.Torch.Networks;

/// <summary>
/// One layer as the builder needs it: its Keras name (<c>conv2d_1</c>), the layer, and its input and output
/// shapes channels-last without the batch dimension ([H, W, C], or [N] after Flatten / global pooling).
/// Build these with <see cref="NetworkLayers"/>, which takes them from the summary library, the one place
/// shapes are computed. <see cref="OutputShape"/> may be left null (older callers); checks that need it then
/// ask the built network instead.
/// </summary>
public sealed record NetworkLayer(string Name, Layer Layer, long[] InputShape, long[]? OutputShape = null);
