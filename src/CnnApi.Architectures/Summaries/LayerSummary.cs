using System.Text.Json.Serialization;
using CnnApi.Architectures.Layers;

namespace CnnApi.Architectures.Summaries;

/// <summary>
/// One row of a summary. Shapes carry the batch dimension first as null, as Keras prints them.
/// Beyond Keras: <see cref="Macs"/> (multiply-accumulates of one image's forward pass: Conv2D outH·outW·filters·kH·kW·C_in,
/// Dense positions·in·units, every other layer 0), <see cref="ParamBytes"/> (4 per float32 parameter),
/// <see cref="ActivationBytes"/> (this layer's output elements × 4, one image), <see cref="ReceptiveField"/>
/// (null once the tensor is no longer spatial), and <see cref="BorderPixelsLost"/> for Conv2D and pooling.
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
    long? BorderPixelsLost)
{
    /// <summary>The resolved layer, for builders (TorchSharp).</summary>
    [JsonIgnore] public required Layer Layer { get; init; }

    /// <summary>The input shape without the batch dimension, channels-last.</summary>
    [JsonIgnore] public required long[] InputDims { get; init; }

    /// <summary>The output shape without the batch dimension, channels-last.</summary>
    [JsonIgnore] public required long[] OutputDims { get; init; }
}
