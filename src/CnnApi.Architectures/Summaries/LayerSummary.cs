using System.Text.Json.Serialization;
using CnnApi.Architectures.Layers;

namespace CnnApi.Architectures.Summaries;

/// <summary>
/// One row of a summary. Shapes carry the batch dimension first as null, as Keras prints them.
/// Beyond Keras: <see cref="Macs"/> (multiply-accumulates of one image's forward pass: Conv2D outH·outW·filters·kH·kW·C_in,
/// Dense positions·in·units, every other layer 0), <see cref="ParamBytes"/> (4 per float32 parameter),
/// <see cref="ActivationBytes"/> (this layer's output elements × 4, one image), <see cref="ReceptiveField"/>
/// (null once the tensor is no longer spatial), and <see cref="BorderPixelsLost"/> for Conv2D and pooling.
/// Not serialised, for builders (TorchSharp): <see cref="Layer"/>, the resolved layer, and <see cref="InputDims"/> /
/// <see cref="OutputDims"/>, the shapes without the batch dimension, channels-last.
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
    [property: JsonIgnore] Layer Layer,
    [property: JsonIgnore] long[] InputDims,
    [property: JsonIgnore] long[] OutputDims);
