namespace CnnApi.Architectures.Layers;

/// <summary>Keras SpatialDropout2D: drops whole feature maps while training; shape unchanged, no parameters.</summary>
public sealed record SpatialDropout2D(double Rate) : SpatialLayer
{
    public override string KerasClass => "SpatialDropout2D";
    public override string NameStem => "spatial_dropout2d";

    internal override LayerMath ApplyChannelsLast(long[] input) => input.Length == 3
        ? LayerMath.Identity(input)
        : LayerMath.Fail(Shapes.NeedsSpatial(KerasClass, input));
}

/// <summary>Keras GaussianNoise: adds N(0, stddev²) noise while training only; shape unchanged, no parameters.</summary>
public sealed record GaussianNoise(double Stddev) : Layer
{
    public override string KerasClass => "GaussianNoise";
    public override string NameStem => "gaussian_noise";

    internal override LayerMath Apply(long[] input) => LayerMath.Identity(input);
}

/// <summary>Keras GaussianDropout: multiplies by N(1, rate/(1 − rate)) noise while training only.</summary>
public sealed record GaussianDropout(double Rate) : Layer
{
    public override string KerasClass => "GaussianDropout";
    public override string NameStem => "gaussian_dropout";

    internal override LayerMath Apply(long[] input) => LayerMath.Identity(input);
}

/// <summary>
/// Keras LayerNormalization over <see cref="Axes"/> (Keras axes, −1 = last; default −1), epsilon 1e-3.
/// Params = gamma (if scale) + beta (if center), each the product of the normalised axes' sizes, all trainable.
/// </summary>
public sealed record LayerNormalization(IReadOnlyList<int> Axes, double Epsilon = 1e-3, bool Center = true, bool Scale = true) : Layer
{
    public override string KerasClass => "LayerNormalization";
    public override string NameStem => "layer_normalization";

    /// <summary>The normalised axes as indices into a shape without batch, sorted, or null when one is not an axis.</summary>
    public int[]? Resolve(int rank)
    {
        var resolved = Axes.Select(a => Shapes.Axis(a, rank)).ToArray();
        return resolved.Any(a => a is null) ? null : resolved.Select(a => a!.Value).Distinct().Order().ToArray();
    }

    internal override LayerMath Apply(long[] input)
    {
        if (Axes.Count == 0 || Resolve(input.Length) is not { } axes)
            return LayerMath.Fail($"LayerNormalization: axis [{string.Join(", ", Axes)}] is not an axis of the {Shapes.Format(input)} input");
        checked
        {
            long size = axes.Aggregate(1L, (p, a) => p * input[a]);
            return new LayerMath(input, (Center ? size : 0) + (Scale ? size : 0), 0, 0, null);
        }
    }

    public bool Equals(LayerNormalization? other) => other is not null && base.Equals(other) && Axes.SequenceEqual(other.Axes)
        && Epsilon.Equals(other.Epsilon) && Center == other.Center && Scale == other.Scale;

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), Axes.Count, Epsilon, Center, Scale);
}
