using System.Text.Json;
using CnnApi.Architectures.Layers;

namespace CnnApi.Architectures.Spec;

/// <summary>
/// One layer: <see cref="Type"/> is the Keras class name; the other properties apply to some types only
/// (see API.md) and are left out when null. Sizes (<see cref="KernelSize"/>, <see cref="PoolSize"/>,
/// <see cref="Strides"/>, <see cref="DilationRate"/>) are an integer (a square) or [height, width].
/// </summary>
public sealed record LayerSpec(string Type)
{
    public int? Filters { get; init; }
    public JsonElement? KernelSize { get; init; }
    public JsonElement? PoolSize { get; init; }
    public JsonElement? Strides { get; init; }
    /// <summary>"valid" or "same".</summary>
    public string? Padding { get; init; }
    /// <summary>relu, sigmoid, tanh, softmax, linear, elu, selu, gelu, leaky_relu, silu (alias swish).</summary>
    public string? Activation { get; init; }
    public bool? UseBias { get; init; }
    public JsonElement? DilationRate { get; init; }
    public int? Units { get; init; }
    public double? Rate { get; init; }
    public double? Epsilon { get; init; }
    public double? Momentum { get; init; }
    public bool? Center { get; init; }
    public bool? Scale { get; init; }
    /// <summary>False freezes the layer: its weights count as non-trainable.</summary>
    public bool? Trainable { get; init; }

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
