namespace CnnApi.Architectures.Layers;

/// <summary>Keras activation names ↔ <see cref="ActivationKind"/>.</summary>
public static class Activations
{
    private static readonly Dictionary<string, ActivationKind> ByName = new(StringComparer.OrdinalIgnoreCase)
    {
        ["linear"] = ActivationKind.Linear, ["relu"] = ActivationKind.Relu, ["sigmoid"] = ActivationKind.Sigmoid,
        ["tanh"] = ActivationKind.Tanh, ["softmax"] = ActivationKind.Softmax, ["elu"] = ActivationKind.Elu,
        ["selu"] = ActivationKind.Selu, ["gelu"] = ActivationKind.Gelu, ["leaky_relu"] = ActivationKind.LeakyRelu,
        ["silu"] = ActivationKind.Silu, ["swish"] = ActivationKind.Silu,
    };

    /// <summary>The names accepted, for error messages.</summary>
    public const string Supported = "relu, sigmoid, tanh, softmax, linear, elu, selu, gelu, leaky_relu, silu (alias swish)";

    /// <summary>Parses a Keras activation name, case-insensitively.</summary>
    public static bool TryParse(string? name, out ActivationKind kind) => ByName.TryGetValue(name ?? "", out kind);

    /// <summary>The Keras name: "relu", "leaky_relu", "silu", …</summary>
    public static string Name(ActivationKind kind) => kind switch
    {
        ActivationKind.LeakyRelu => "leaky_relu",
        _ => kind.ToString().ToLowerInvariant(),
    };
}
