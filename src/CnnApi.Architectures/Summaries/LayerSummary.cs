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
}
