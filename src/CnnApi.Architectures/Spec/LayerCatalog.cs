namespace CnnApi.Architectures.Spec;

/// <summary>
/// The layer types of the contract and the properties each takes (camelCase; the readers also accept Keras's
/// snake_case spelling, see <see cref="LayerFields.SnakeName"/>). <see cref="LayerBuilder"/> builds them with Keras's defaults.
/// </summary>
internal static class LayerCatalog
{
    private static readonly string[] Conv = ["kernelSize", "strides", "padding", "activation", "useBias", "dilationRate", "dataFormat"];
    private static readonly string[] Pool = ["poolSize", "strides", "padding", "dataFormat"];

    private static readonly Dictionary<string, string[]> FieldsByType = new(StringComparer.OrdinalIgnoreCase)
    {
        ["Conv2D"] = ["filters", .. Conv],
        ["SeparableConv2D"] = ["filters", "depthMultiplier", .. Conv],
        ["DepthwiseConv2D"] = ["depthMultiplier", .. Conv],
        ["Conv2DTranspose"] = ["filters", "outputPadding", .. Conv],
        ["MaxPooling2D"] = Pool,
        ["AveragePooling2D"] = Pool,
        ["GlobalAveragePooling2D"] = ["dataFormat"],
        ["GlobalMaxPooling2D"] = ["dataFormat"],
        ["BatchNormalization"] = ["axis", "epsilon", "momentum", "center", "scale"],
        ["LayerNormalization"] = ["axis", "epsilon", "center", "scale"],
        ["Dropout"] = ["rate"],
        ["SpatialDropout2D"] = ["rate", "dataFormat"],
        ["GaussianNoise"] = ["stddev"],
        ["GaussianDropout"] = ["rate"],
        ["Flatten"] = ["dataFormat"],
        ["Dense"] = ["units", "activation", "useBias"],
        ["Activation"] = ["activation"],
        ["ReLU"] = ["maxValue", "negativeSlope", "threshold"],
        ["LeakyReLU"] = ["negativeSlope", "alpha"],
        ["ELU"] = ["alpha"],
        ["PReLU"] = ["sharedAxes"],
        ["Softmax"] = ["axis"],
        ["ZeroPadding2D"] = ["padding", "dataFormat"],
        ["Cropping2D"] = ["cropping", "dataFormat"],
        ["UpSampling2D"] = ["size", "interpolation", "dataFormat"],
        ["Reshape"] = ["targetShape"],
        ["Permute"] = ["dims"],
        ["Rescaling"] = ["scale", "offset"],
        ["Resizing"] = ["height", "width", "interpolation", "cropToAspectRatio", "dataFormat"],
        ["RandomFlip"] = ["mode", "dataFormat"],
        ["RandomRotation"] = ["factor", "fillMode", "interpolation", "dataFormat"],
        ["RandomTranslation"] = ["heightFactor", "widthFactor", "fillMode", "interpolation", "dataFormat"],
        ["RandomZoom"] = ["heightFactor", "widthFactor", "fillMode", "interpolation", "dataFormat"],
        ["Add"] = [], ["Subtract"] = [], ["Multiply"] = [], ["Average"] = [], ["Maximum"] = [], ["Minimum"] = [],
        ["Concatenate"] = ["axis"],
    };

    /// <summary>The model classes that may be used as a layer.</summary>
    public static readonly string[] ModelClasses = ["Sequential", "Functional", "Model"];

    /// <summary>The supported Keras classes, for error messages.</summary>
    public static readonly string Supported = string.Join(", ", FieldsByType.Keys) + ", and nested Sequential or Functional models";

    /// <summary>The canonical class name ("Conv2D") for a case-insensitive match, or null.</summary>
    public static string? Canonical(string? type) =>
        type is not null && CanonicalNames.TryGetValue(type, out var canonical) ? canonical : null;

    private static readonly Dictionary<string, string> CanonicalNames =
        FieldsByType.Keys.ToDictionary(k => k, k => k, StringComparer.OrdinalIgnoreCase);

    /// <summary>Every property of every type.</summary>
    public static IEnumerable<string> AllFields => FieldsByType.Values.SelectMany(f => f).Append("trainable").Distinct();

    /// <summary>The camelCase properties a type takes (besides <c>type</c>), <c>trainable</c> included.</summary>
    public static IReadOnlyList<string> Fields(string canonicalType) => [.. FieldsByType[canonicalType], "trainable"];
}
