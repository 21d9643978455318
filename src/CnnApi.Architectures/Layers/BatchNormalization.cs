namespace CnnApi.Architectures.Layers;

/// <summary>
/// Batch normalisation over the last axis; Keras defaults epsilon 1e-3, momentum 0.99, center and scale on.
/// Params = 4·C as Keras counts them: gamma (if scale) and beta (if center) trainable, moving mean and
/// variance (2·C) non-trainable. MACs are counted as 0: at inference it folds into a per-channel affine map.
/// </summary>
public sealed record BatchNormalization(double Epsilon = 1e-3, double Momentum = 0.99, bool Center = true, bool Scale = true) : Layer
{
    public override string KerasClass => "BatchNormalization";
    public override string NameStem => "batch_normalization";

    internal override LayerMath Apply(long[] input)
    {
        if (input.Length == 0)
            return LayerMath.Fail("BatchNormalization needs an input with at least one axis");
        checked
        {
            long channels = input[^1];
            long trainable = (Center ? channels : 0) + (Scale ? channels : 0);
            return new LayerMath(input, trainable + 2 * channels, 2 * channels, 0, null);
        }
    }
}
