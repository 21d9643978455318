using CnnApi.Architectures.Layers;

namespace CnnApi.Architectures.Spec;

/// <summary>The layer types of the contract, the properties each takes, and how to build one with Keras's defaults.</summary>
internal static class LayerCatalog
{
    private static readonly Dictionary<string, string[]> FieldsByType = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Conv2D"] = ["filters", "kernelSize", "strides", "padding", "activation", "useBias", "dilationRate", "trainable"],
        ["MaxPooling2D"] = ["poolSize", "strides", "padding", "trainable"],
        ["AveragePooling2D"] = ["poolSize", "strides", "padding", "trainable"],
        ["BatchNormalization"] = ["epsilon", "momentum", "center", "scale", "trainable"],
        ["Dropout"] = ["rate", "trainable"],
        ["Flatten"] = ["trainable"],
        ["GlobalAveragePooling2D"] = ["trainable"],
        ["GlobalMaxPooling2D"] = ["trainable"],
        ["Dense"] = ["units", "activation", "useBias", "trainable"],
        ["Activation"] = ["activation", "trainable"],
    };

    /// <summary>The supported Keras classes, for error messages.</summary>
    public static readonly string Supported = string.Join(", ", FieldsByType.Keys);

    /// <summary>The canonical class name ("Conv2D") for a case-insensitive match, or null.</summary>
    public static string? Canonical(string? type) =>
        type is not null && CanonicalNames.TryGetValue(type, out var canonical) ? canonical : null;

    private static readonly Dictionary<string, string> CanonicalNames =
        FieldsByType.Keys.ToDictionary(k => k, k => k, StringComparer.OrdinalIgnoreCase);

    /// <summary>The camelCase properties a type takes (besides <c>type</c>).</summary>
    public static IReadOnlyList<string> Fields(string canonicalType) => FieldsByType[canonicalType];

    /// <summary>Builds the layer, or returns null when <paramref name="f"/> recorded an error.</summary>
    public static Layer? Build(string type, LayerFields f)
    {
        Layer? layer = type switch
        {
            "Conv2D" => Conv(f),
            "MaxPooling2D" => Pool(PoolKind.Max, f),
            "AveragePooling2D" => Pool(PoolKind.Average, f),
            "BatchNormalization" => new BatchNormalization(
                f.Number("epsilon", 0, 1) ?? 1e-3, f.Number("momentum", 0, 1) ?? 0.99,
                f.Bool("center") ?? true, f.Bool("scale") ?? true),
            "Dropout" => new Dropout(f.RequiredNumber("rate", 0, 1, maxExclusive: true)),
            "Flatten" => new Flatten(),
            "GlobalAveragePooling2D" => new GlobalPooling2D(PoolKind.Average),
            "GlobalMaxPooling2D" => new GlobalPooling2D(PoolKind.Max),
            "Dense" => new Dense(f.Int("units", 1, SpecLimits.MaxUnits, required: true) ?? 0,
                f.Activation() ?? ActivationKind.Linear, f.Bool("useBias") ?? true),
            "Activation" => new Activation(f.Activation(required: true) ?? ActivationKind.Linear),
            _ => null,
        };
        var trainable = f.Bool("trainable") ?? true;
        return layer is null || f.Failed ? null : layer with { Trainable = trainable };
    }

    private static Conv2D Conv(LayerFields f)
    {
        var filters = f.Int("filters", 1, SpecLimits.MaxUnits, required: true) ?? 0;
        var kernel = f.Size("kernelSize", SpecLimits.MaxWindow, required: true) ?? Size2.Square(1);
        var strides = f.Size("strides", SpecLimits.MaxWindow) ?? Size2.Square(1);
        var dilation = f.Size("dilationRate", SpecLimits.MaxWindow) ?? Size2.Square(1);
        if (strides != Size2.Square(1) && dilation != Size2.Square(1))
            f.Error("strides", $"a Conv2D may not have both strides ({strides}) and a dilation rate ({dilation}) above 1, as in Keras");
        return new Conv2D(filters, kernel, strides, f.Padding() ?? Padding.Valid,
            f.Activation() ?? ActivationKind.Linear, f.Bool("useBias") ?? true, dilation);
    }

    private static Pooling2D Pool(PoolKind kind, LayerFields f)
    {
        var pool = f.Size("poolSize", SpecLimits.MaxWindow) ?? Size2.Square(2);
        return new Pooling2D(kind, pool, f.Size("strides", SpecLimits.MaxWindow) ?? pool, f.Padding() ?? Padding.Valid);
    }
}
