namespace CnnApi.Architectures.Layers;

/// <summary>Keras Rescaling: x·scale + offset (offset 0 by default); shape unchanged, no parameters.</summary>
public sealed record Rescaling(double Scale, double Offset = 0) : Layer
{
    public override string KerasClass => "Rescaling";
    public override string NameStem => "rescaling";

    internal override LayerMath Apply(long[] input) => LayerMath.Identity(input);
}

/// <summary>A factor range as Keras gives it: one number f for [−f, f], or [lower, upper].</summary>
public readonly record struct FactorRange(double Lower, double Upper)
{
    public override string ToString() => $"[{Lower}, {Upper}]";
}

/// <summary>
/// The random augmentation layers: identity at inference and in the summary (shape unchanged, no parameters);
/// while training they transform each image at random.
/// </summary>
public abstract record RandomAugmentation : SpatialLayer
{
    internal override LayerMath ApplyChannelsLast(long[] input) => input.Length == 3
        ? LayerMath.Identity(input)
        : LayerMath.Fail(Shapes.NeedsSpatial(KerasClass, input));
}

/// <summary>Keras RandomFlip; mode horizontal_and_vertical by default.</summary>
public sealed record RandomFlip(FlipMode Mode = FlipMode.HorizontalAndVertical) : RandomAugmentation
{
    public override string KerasClass => "RandomFlip";
    public override string NameStem => "random_flip";
}

/// <summary>Keras RandomRotation by a fraction of a full turn in <see cref="Factor"/>; reflect fill and bilinear by default.</summary>
public sealed record RandomRotation(FactorRange Factor, FillMode FillMode = FillMode.Reflect, Interpolation Interpolation = Interpolation.Bilinear) : RandomAugmentation
{
    public override string KerasClass => "RandomRotation";
    public override string NameStem => "random_rotation";
}

/// <summary>Keras RandomTranslation by fractions of the height and width; reflect fill and bilinear by default.</summary>
public sealed record RandomTranslation(FactorRange HeightFactor, FactorRange WidthFactor, FillMode FillMode = FillMode.Reflect,
    Interpolation Interpolation = Interpolation.Bilinear) : RandomAugmentation
{
    public override string KerasClass => "RandomTranslation";
    public override string NameStem => "random_translation";
}

/// <summary>
/// Keras RandomZoom: the image is scaled by 1 + a factor drawn from the range (positive zooms out); without a
/// width factor the aspect ratio is kept (the height's draw is used for both).
/// </summary>
public sealed record RandomZoom(FactorRange HeightFactor, FactorRange? WidthFactor, FillMode FillMode = FillMode.Reflect,
    Interpolation Interpolation = Interpolation.Bilinear) : RandomAugmentation
{
    public override string KerasClass => "RandomZoom";
    public override string NameStem => "random_zoom";
}
