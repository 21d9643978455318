namespace CnnApi.Architectures.Layers;

/// <summary>Rows and columns added or removed at each side: ZeroPadding2D's <c>padding</c>, Cropping2D's <c>cropping</c>.</summary>
public readonly record struct Margins(int Top, int Bottom, int Left, int Right)
{
    public static Margins Uniform(int n) => new(n, n, n, n);

    public override string ToString() => $"(({Top}, {Bottom}), ({Left}, {Right}))";
}

/// <summary>Keras ZeroPadding2D: [H, W, C] → [H + top + bottom, W + left + right, C]; default 1 on every side.</summary>
public sealed record ZeroPadding2D(Margins Padding) : SpatialLayer
{
    public override string KerasClass => "ZeroPadding2D";
    public override string NameStem => "zero_padding2d";

    internal override LayerMath ApplyChannelsLast(long[] input) => input.Length == 3
        ? new LayerMath([checked(input[0] + Padding.Top + Padding.Bottom), checked(input[1] + Padding.Left + Padding.Right), input[2]], 0, 0, 0, null)
        : LayerMath.Fail(Shapes.NeedsSpatial(KerasClass, input));
}

/// <summary>
/// Keras Cropping2D: [H, W, C] → [H − top − bottom, W − left − right, C]; Keras refuses a crop that leaves nothing.
/// The cropped rows and columns are its border loss.
/// </summary>
public sealed record Cropping2D(Margins Cropping) : SpatialLayer
{
    public override string KerasClass => "Cropping2D";
    public override string NameStem => "cropping2d";

    internal override LayerMath ApplyChannelsLast(long[] input)
    {
        if (input.Length != 3)
            return LayerMath.Fail(Shapes.NeedsSpatial(KerasClass, input));
        long height = input[0] - Cropping.Top - Cropping.Bottom, width = input[1] - Cropping.Left - Cropping.Right;
        if (height < 1 || width < 1)
            return LayerMath.Fail($"Cropping2D: cropping {Cropping} leaves nothing of the {Shapes.Spatial(input)} input");
        return new LayerMath([height, width, input[2]], 0, 0, 0, null) { Border = input[0] * input[1] - height * width };
    }
}
