using System.Text.Json;
using System.Text.Json.Serialization;
using CnnApi.Architectures.Layers;

namespace CnnApi.Architectures.Spec;

/// <summary>
/// One layer: <see cref="Type"/> is the Keras class name; the other properties apply to some types only
/// (see API.md) and are left out of the JSON when null, whatever the serializer options. Sizes (<see cref="KernelSize"/>, <see cref="PoolSize"/>,
/// <see cref="Strides"/>, <see cref="DilationRate"/>) are an integer (a square) or [height, width].
/// </summary>
public sealed record LayerSpec(string Type)
{
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Filters { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonElement? KernelSize { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonElement? PoolSize { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonElement? Strides { get; init; }
    /// <summary>"valid" or "same".</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Padding { get; init; }
    /// <summary>relu, sigmoid, tanh, softmax, linear, elu, selu, gelu, leaky_relu, silu (alias swish).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public string? Activation { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? UseBias { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public JsonElement? DilationRate { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public int? Units { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Rate { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Epsilon { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public double? Momentum { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? Center { get; init; }
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? Scale { get; init; }
    /// <summary>False freezes the layer: its weights count as non-trainable.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] public bool? Trainable { get; init; }

    /// <summary>The spec of a resolved layer.</summary>
    public static LayerSpec From(Layer layer)
    {
        var spec = layer switch
        {
            Conv2D c => new LayerSpec("Conv2D")
            {
                Filters = c.Filters, KernelSize = Size(c.KernelSize), Strides = Size(c.Strides), Padding = Name(c.Padding),
                Activation = Activations.Name(c.Activation), UseBias = c.UseBias, DilationRate = Size(c.DilationRate),
            },
            Pooling2D p => new LayerSpec(p.KerasClass) { PoolSize = Size(p.PoolSize), Strides = Size(p.Strides), Padding = Name(p.Padding) },
            Dense d => new LayerSpec("Dense") { Units = d.Units, Activation = Activations.Name(d.Activation), UseBias = d.UseBias },
            BatchNormalization b => new LayerSpec("BatchNormalization") { Epsilon = b.Epsilon, Momentum = b.Momentum, Center = b.Center, Scale = b.Scale },
            Dropout d => new LayerSpec("Dropout") { Rate = d.Rate },
            Activation a => new LayerSpec("Activation") { Activation = Activations.Name(a.Kind) },
            _ => new LayerSpec(layer.KerasClass),
        };
        return layer.Trainable ? spec : spec with { Trainable = false };
    }

    private static string Name(Layers.Padding padding) => padding == Layers.Padding.Same ? "same" : "valid";

    private static JsonElement Size(Size2 size) => size.IsSquare
        ? JsonSerializer.SerializeToElement(size.Height)
        : JsonSerializer.SerializeToElement(new[] { size.Height, size.Width });
}
