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

/// <summary>
/// One call of a layer in a graph: the layer's name and the outputs (or the input) it takes, in order. A layer called
/// more than once (a shared layer, one set of weights) has one entry per call, <see cref="Call"/> 0, 1, … (Keras's node
/// index), each with the same layer. An output is referred to as <c>name</c> (its first call) or <c>name[k]</c>
/// (call k), as in Keras's "Connected to" column.
/// </summary>
public sealed record Wiring(string Name, IReadOnlyList<string> Inputs)
{
    /// <summary>Which call of the layer this is: 0 for the first (the only one of an unshared layer).</summary>
    public int Call { get; init; }

    /// <summary>How the output of this call is referred to: <c>name</c> for the first call, <c>name[k]</c> for call k.</summary>
    public string Key => Reference(Name, Call);

    public static string Reference(string name, int call) => call == 0 ? name : $"{name}[{call}]";

    /// <summary>A reference <c>name</c>, <c>name[k]</c> as (name, k); <c>name[0]</c> is the first call.</summary>
    public static (string Name, int Call) Parse(string reference)
    {
        if (reference.EndsWith(']') && reference.LastIndexOf('[') is > 0 and var open
            && int.TryParse(reference.AsSpan(open + 1, reference.Length - open - 2), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out var call))
            return (reference[..open], call);
        return (reference, 0);
    }
}
