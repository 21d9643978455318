using System.Buffers;

namespace CnnApi.Predictions.Images;

/// <summary>
/// An image seen as ink: grey levels and a table mapping each level to ink in [0, 1]
/// (0 = background, 1 = full ink), which folds polarity and contrast stretch into one lookup.
/// <see cref="Grey"/> is rented from the shared pool (and may be longer than the image); dispose once.
/// </summary>
internal sealed record InkMap(int Width, int Height, byte[] Grey, float[] Lut, bool Inverted, bool HasInk) : IDisposable
{
    public float At(int x, int y) => Lut[Grey[y * Width + x]];

    public void Dispose() => ArrayPool<byte>.Shared.Return(Grey);
}
