using SkiaSharp;

namespace CnnApi.Predictions.Images;

/// <summary>
/// An upload made to look like an MNIST digit: 28 × 28 row-major ink values in [0, 1]
/// (0 = background, 1 = ink), before the model's training normalisation.
/// </summary>
/// <param name="Pixels">784 values, row-major.</param>
/// <param name="InkFound">False when the upload held no stroke distinguishable from the paper (all zeros then).</param>
/// <param name="Inverted">True when the upload was dark ink on light paper and was inverted.</param>
public sealed record MnistImage(float[] Pixels, bool InkFound, bool Inverted)
{
    /// <summary>Side of the image in pixels.</summary>
    public const int Side = 28;

    /// <summary>The image as a greyscale PNG, white ink on black, exactly what the network sees.</summary>
    public byte[] ToPng()
    {
        var info = new SKImageInfo(Side, Side, SKColorType.Gray8, SKAlphaType.Opaque);
        using var bitmap = new SKBitmap(info);
        var bytes = new byte[Side * Side];
        for (var i = 0; i < bytes.Length; i++)
        {
            bytes[i] = (byte)Math.Round(Math.Clamp(Pixels[i], 0f, 1f) * 255f);
        }
        System.Runtime.InteropServices.Marshal.Copy(bytes, 0, bitmap.GetPixels(), bytes.Length);
        using var pixmap = bitmap.PeekPixels();
        using var png = pixmap.Encode(SKPngEncoderOptions.Default);
        return png?.ToArray() ?? throw new InvalidOperationException("SkiaSharp could not encode a 28 × 28 PNG.");
    }

    /// <summary>The PNG as a <c>data:image/png;base64,…</c> URL, for <c>?debug=true</c> responses.</summary>
    public string ToPngDataUrl() => "data:image/png;base64," + Convert.ToBase64String(ToPng());
}
