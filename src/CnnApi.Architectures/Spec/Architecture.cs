using CnnApi.Architectures.Layers;

namespace CnnApi.Architectures.Spec;

/// <summary>
/// A validated architecture: the input shape (no batch dimension; empty for a nested Sequential that takes the
/// shape it is called on) and the layers with every Keras default resolved. Produced by the spec parser or the
/// Keras JSON importer. Without <see cref="Graph"/> it is a straight line (each layer takes the one before, named
/// as a fresh Keras session names them); with it, a functional graph.
/// </summary>
public sealed record Architecture(string Name, int[] InputShape, IReadOnlyList<Layer> Layers)
{
    /// <summary>
    /// A functional graph: for each layer (same order as <see cref="Layers"/>) its name and the names of its inputs
    /// (<see cref="InputName"/> for the model input). The last layer is the model's output.
    /// </summary>
    public IReadOnlyList<Wiring>? Graph { get; init; }

    /// <summary>Names a straight line's layers were given (null entries, or no list, get Keras's fresh names).</summary>
    public IReadOnlyList<string?>? Names { get; init; }

    /// <summary>The name of a graph's input (its <c>InputLayer</c> row).</summary>
    public string InputName { get; init; } = DefaultInputName;

    /// <summary>Where each layer was written in the client's document (<c>config.layers[3]</c>), for error paths; default <c>layers[i]</c>.</summary>
    public IReadOnlyList<string>? Paths { get; init; }

    /// <summary>The document's path of the layer list and the field that lists a layer's inputs, for graph errors.</summary>
    public (string Layers, string Inputs) GraphPaths { get; init; } = ("layers", "inputs");

    /// <summary>The name Keras 2 gives a fresh model's input.</summary>
    public const string DefaultInputName = "input_1";

    /// <summary>The JSON path of layer <paramref name="index"/> in the document it came from.</summary>
    public string PathOf(int index) => Paths is { } paths && index < paths.Count ? paths[index] : $"layers[{index}]";
}

/// <summary>A layer's name in a graph and the names of the layers (or the input) it takes, in order.</summary>
public sealed record Wiring(string Name, IReadOnlyList<string> Inputs);
