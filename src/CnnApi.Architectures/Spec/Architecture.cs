using CnnApi.Architectures.Layers;

namespace CnnApi.Architectures.Spec;

/// <summary>
/// A validated architecture: the input shape (channels-last, no batch dimension) and the layers with
/// every Keras default resolved. Produced by the spec parser or the Keras JSON importer.
/// </summary>
public sealed record Architecture(string Name, int[] InputShape, IReadOnlyList<Layer> Layers);
