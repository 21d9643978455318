namespace CnnApi.Architectures.Layers;

/// <summary>Keras ReLU layer: min(max(x, threshold), max_value), negative_slope·(x − threshold) below; defaults None, 0, 0.</summary>
public sealed record ReLU(double? MaxValue = null, double NegativeSlope = 0, double Threshold = 0) : Layer
{
    public override string KerasClass => "ReLU";
    public override string NameStem => "re_lu";

    internal override LayerMath Apply(long[] input) => LayerMath.Identity(input);
}

/// <summary>Keras LeakyReLU layer: slope 0.3 below zero by default (Keras 2 <c>alpha</c>, Keras 3 <c>negative_slope</c>).</summary>
public sealed record LeakyReLU(double NegativeSlope = 0.3) : Layer
{
    public override string KerasClass => "LeakyReLU";
    public override string NameStem => "leaky_re_lu";

    internal override LayerMath Apply(long[] input) => LayerMath.Identity(input);
}

/// <summary>Keras ELU layer: alpha·(eˣ − 1) below zero, alpha 1.0 by default.</summary>
public sealed record ELU(double Alpha = 1.0) : Layer
{
    public override string KerasClass => "ELU";
    public override string NameStem => "elu";

    internal override LayerMath Apply(long[] input) => LayerMath.Identity(input);
}

/// <summary>
/// Keras PReLU: a learned slope per input element (alpha initialised to zeros); <see cref="SharedAxes"/> (Keras axes,
/// 1 = the first axis after the batch) share one slope along them. Params = product of the input shape with the
/// shared axes set to 1, all trainable (Keras <c>PReLU.build</c>: <c>param_shape = input_shape[1:]</c>).
/// </summary>
public sealed record PReLU(IReadOnlyList<int> SharedAxes) : Layer
{
    public override string KerasClass => "PReLU";
    public override string NameStem => "p_re_lu";

    /// <summary>The shape of alpha for this input (shared axes set to 1), or null when a shared axis is not an axis of it.</summary>
    public long[]? AlphaShape(long[] input)
    {
        var shape = (long[])input.Clone();
        foreach (var a in SharedAxes)
        {
            if (a < 1 || a > input.Length)
                return null;
            shape[a - 1] = 1;
        }
        return shape;
    }

    internal override LayerMath Apply(long[] input) => AlphaShape(input) is { } alpha
        ? new LayerMath(input, Shapes.Size(alpha), 0, 0, null)
        : LayerMath.Fail($"PReLU: shared_axes [{string.Join(", ", SharedAxes)}] are not all axes of the {Shapes.Format(input)} input");

    public bool Equals(PReLU? other) => other is not null && base.Equals(other) && SharedAxes.SequenceEqual(other.SharedAxes);

    public override int GetHashCode() => HashCode.Combine(base.GetHashCode(), SharedAxes.Count);
}

/// <summary>Keras Softmax layer over <see cref="Axis"/> (−1, the last, by default).</summary>
public sealed record Softmax(int Axis = -1) : Layer
{
    public override string KerasClass => "Softmax";
    public override string NameStem => "softmax";

    internal override LayerMath Apply(long[] input) => Shapes.Axis(Axis, input.Length) is null
        ? LayerMath.Fail($"Softmax: axis {Axis} is not an axis of the {Shapes.Format(input)} input")
        : LayerMath.Identity(input);
}
