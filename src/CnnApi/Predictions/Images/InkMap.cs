namespace CnnApi.Predictions.Images;

/// <summary>
/// An image seen as ink: grey levels and a table mapping each level to ink in [0, 1]
/// (0 = background, 1 = full ink), which folds polarity and contrast stretch into one lookup.
/// </summary>
internal sealed record InkMap(int Width, int Height, byte[] Grey, float[] Lut, bool Inverted, bool HasInk)
{
    public float At(int x, int y) => Lut[Grey[y * Width + x]];
}
