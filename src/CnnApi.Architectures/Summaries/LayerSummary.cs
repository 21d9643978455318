using System.Text.Json.Serialization;
using CnnApi.Architectures.Layers;

namespace CnnApi.Architectures.Summaries;

/// <summary>
/// One row of a summary. Shapes carry the batch dimension first as null, as Keras prints them.
/// <see cref="ConnectedTo"/> names the rows this layer takes (Keras's "Connected to" column; the previous layer in a
/// Sequential model, empty for its first layer and for a graph's <c>InputLayer</c>).
/// Beyond Keras: <see cref="Macs"/> (multiply-accumulates of one image's forward pass: Conv2D outH·outW·filters·kH·kW·C_in,
/// Dense positions·in·units, the depthwise, separable and transposed convolutions as documented on each, nested models
/// their layers' sum, every other layer 0), <see cref="ParamBytes"/> (4 per float32 parameter),
/// <see cref="ActivationBytes"/> (this layer's output elements × 4, one image), <see cref="ReceptiveField"/>
/// (null once the tensor is no longer spatial), and <see cref="BorderPixelsLost"/> for windowed layers and Cropping2D.
/// Not serialised, for builders (TorchSharp): <see cref="Layer"/>, the resolved layer, <see cref="InputDims"/> /
/// <see cref="OutputDims"/>, the shapes without the batch dimension (of the first input for a merge).
/// </summary>
public sealed record LayerSummary(
    string Name,
    string Type,
    long?[] InputShape,
    long?[] OutputShape,
    long Params,
    long TrainableParams,
    long NonTrainableParams,
    long Macs,
    long ParamBytes,
    long ActivationBytes,
    ReceptiveField? ReceptiveField,
    long? BorderPixelsLost,
    IReadOnlyList<string> ConnectedTo,
    [property: JsonIgnore] Layer Layer,
    [property: JsonIgnore] long[] InputDims,
    [property: JsonIgnore] long[] OutputDims)
{
    /// <summary>The shapes of every input (several for a merge), without the batch dimension.</summary>
    [JsonIgnore] public IReadOnlyList<long[]> InputsDims { get; init; } = [InputDims];

    /// <summary>
    /// Each call of the layer (one, or several for a shared layer: one set of weights applied to several inputs), in
    /// order: Keras's inbound nodes. <see cref="ConnectedTo"/> lists every call's inputs one after the other.
    /// </summary>
    [JsonIgnore] public IReadOnlyList<LayerCall> Calls { get; init; } = [];

    /// <summary>A shared layer's output shape at each call (Keras prints "multiple" when they differ); absent for a layer called once.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<long?[]>? OutputShapes => Calls.Count > 1
        ? Calls.Select(c => new long?[] { null }.Concat(c.OutputDims.Select(d => (long?)d)).ToArray()).ToList()
        : null;
}

/// <summary>
/// One call of a layer: the outputs it reads, each as (layer name, call index) (Keras's <c>name[node][0]</c>; the model
/// input is (its name, 0)), their shapes and the output shape, without the batch dimension.
/// </summary>
public sealed record LayerCall(IReadOnlyList<(string Name, int Call)> Inputs, IReadOnlyList<long[]> InputsDims, long[] OutputDims)
{
    /// <summary>The call's place in the model's topological order of calls (a shared layer's later calls come after its row).</summary>
    public int Step { get; init; }

    /// <summary>The <see cref="Spec.Wiring.Key"/>-style references of the inputs: <c>name</c> or <c>name[k]</c>.</summary>
    public IEnumerable<string> References => Inputs.Select(i => Spec.Wiring.Reference(i.Name, i.Call));
}
