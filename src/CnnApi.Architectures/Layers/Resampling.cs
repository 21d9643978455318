namespace CnnApi.Architectures.Layers;

/// <summary>Keras UpSampling2D: repeats rows and columns, [H, W, C] → [H·sH, W·sW, C]; size 2×2 and nearest by default.</summary>
public sealed record UpSampling2D(Size2 Size, Interpolation Interpolation = Interpolation.Nearest) : SpatialLayer
{
    public override string KerasClass => "UpSampling2D";
    public override string NameStem => "up_sampling2d";

    internal override LayerMath ApplyChannelsLast(long[] input) => input.Length == 3
        ? new LayerMath([checked(input[0] * Size.Height), checked(input[1] * Size.Width), input[2]], 0, 0, 0, null)
        {
            Step = new FieldStep(Interpolation == Interpolation.Bilinear ? 2 : 1, Interpolation == Interpolation.Bilinear ? 2 : 1,
                1.0 / Size.Height, 1.0 / Size.Width),
        }
        : LayerMath.Fail(Shapes.NeedsSpatial(KerasClass, input));
}

/// <summary>Keras Resizing: [H, W, C] → [height, width, C], bilinear by default; crop_to_aspect_ratio crops before resizing.</summary>
public sealed record Resizing(int Height, int Width, Interpolation Interpolation = Interpolation.Bilinear, bool CropToAspectRatio = false) : SpatialLayer
{
    public override string KerasClass => "Resizing";
    public override string NameStem => "resizing";

    internal override LayerMath ApplyChannelsLast(long[] input) => input.Length == 3
        ? new LayerMath([Height, Width, input[2]], 0, 0, 0, null)
        {
            Step = new FieldStep(Taps(input[0], Height), Taps(input[1], Width), (double)input[0] / Height, (double)input[1] / Width),
        }
        : LayerMath.Fail(Shapes.NeedsSpatial(KerasClass, input));

    /// <summary>Input positions one output reads: nearest 1, bilinear 2 when enlarging, the scale (rounded up) plus one when shrinking (antialias off).</summary>
    private double Taps(long from, long to) => Interpolation == Interpolation.Nearest ? 1 : Math.Max(2, Math.Ceiling((double)from / to) + 1);
}
