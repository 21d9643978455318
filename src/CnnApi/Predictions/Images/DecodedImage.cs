namespace CnnApi.Predictions.Images;

/// <summary>
/// Decoded pixels, upright (EXIF orientation applied): 8-bit RGBA, premultiplied by alpha,
/// row-major, <c>4 × Width × Height</c> bytes.
/// </summary>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Format">The format the bytes were sniffed as.</param>
/// <param name="Rgba">The pixels, premultiplied RGBA.</param>
public sealed record DecodedImage(int Width, int Height, ImageFormat Format, byte[] Rgba);
