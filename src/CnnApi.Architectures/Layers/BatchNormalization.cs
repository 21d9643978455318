namespace CnnApi.Architectures.Layers;

/// <summary>
/// Batch normalisation over one axis (Keras <c>axis</c>, counting the batch as 0; default −1, the channels of a
/// channels-last tensor; 1 for channels-first). Keras defaults epsilon 1e-3, momentum 0.99, center and scale on.
/// Params = 4·C as Keras counts them: gamma (if scale) and beta (if center) trainable, moving mean and
/// variance (2·C) non-trainable. MACs are counted as 0: at inference it folds into a per-channel affine map.
/// </summary>
public sealed record BatchNormalization(double Epsilon = 1e-3, double Momentum = 0.99, bool Center = true, bool Scale = true) : Layer
{
    public override string KerasClass => "BatchNormalization";
    public override string NameStem => "batch_normalization";

    /// <summary>The normalised axis, as Keras writes it (−1 = last).</summary>
    public int Axis { get; init; } = -1;

    internal override LayerMath Apply(long[] input)
    {
        if (Shapes.Axis(Axis, input.Length) is not { } axis)
            return LayerMath.Fail($"BatchNormalization: axis {Axis} is not an axis of the {Shapes.Format(input)} input");
        checked
        {
            long channels = input[axis];
            long trainable = (Center ? channels : 0) + (Scale ? channels : 0);
            return new LayerMath(input, trainable + 2 * channels, 2 * channels, 0, null);
        }
    }
}
