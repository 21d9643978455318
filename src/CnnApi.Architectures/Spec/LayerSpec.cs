using System.Text.Json;
using System.Text.Json.Serialization;
using CnnApi.Architectures.Layers;

namespace CnnApi.Architectures.Spec;

/// <summary>
/// One layer: <see cref="Type"/> is the Keras class name; the other properties apply to some types only
/// (see API.md and docs/architecture.md) and are left out of the JSON when null, whatever the serializer options.
/// Sizes are an integer (a square) or [height, width]; margins an integer, [h, w] or [[top, bottom], [left, right]].
/// <see cref="Name"/> and <see cref="Inputs"/> wire a functional graph (<see cref="Call"/> without a type calls a named
/// layer again: a shared layer); a nested model (type Sequential or Functional)
/// carries its own <see cref="Layers"/> and optional <see cref="InputShape"/>.
/// </summary>
public sealed partial record LayerSpec([property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Type)
{
    /// <summary>Instead of a type: another call of the layer with this name (a shared layer); only <see cref="Inputs"/> goes with it.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Call { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Name { get; init; }
    /// <summary>The layers (or the model input, <c>input_1</c>) this layer takes; the previous layer when left out.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<string>? Inputs { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Filters { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonElement? KernelSize { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonElement? PoolSize { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonElement? Strides { get; init; }
    /// <summary>"valid" or "same" (convolutions, pooling); margins for ZeroPadding2D.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonElement? Padding { get; init; }
    /// <summary>relu, sigmoid, tanh, softmax, linear, elu, selu, gelu, leaky_relu, silu (alias swish).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Activation { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? UseBias { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonElement? DilationRate { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? DepthMultiplier { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonElement? OutputPadding { get; init; }
    /// <summary>"channels_last" (default) or "channels_first".</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? DataFormat { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Units { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Rate { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Stddev { get; init; }
    /// <summary>A Keras axis (the batch is 0, −1 the last); a list for LayerNormalization.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonElement? Axis { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Epsilon { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Momentum { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? Center { get; init; }
    /// <summary>BatchNormalization/LayerNormalization: use gamma (true/false); Rescaling: the factor.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonElement? Scale { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Offset { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? MaxValue { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? NegativeSlope { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Threshold { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Alpha { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<int>? SharedAxes { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonElement? Cropping { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonElement? Size { get; init; }
    /// <summary>"nearest" or "bilinear".</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Interpolation { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<int>? TargetShape { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<int>? Dims { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Height { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Width { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? CropToAspectRatio { get; init; }
    /// <summary>RandomFlip: "horizontal", "vertical" or "horizontal_and_vertical".</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Mode { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<double>? Factor { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<double>? HeightFactor { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<double>? WidthFactor { get; init; }
    /// <summary>"reflect", "constant" or "nearest".</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? FillMode { get; init; }
    /// <summary>A nested model's input shape (optional: it takes the shape it is called on).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int[]? InputShape { get; init; }
    /// <summary>A nested model's layers.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public IReadOnlyList<LayerSpec>? Layers { get; init; }
    /// <summary>False freezes the layer: its weights count as non-trainable.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? Trainable { get; init; }
}
