using System.Runtime.InteropServices;
using SkiaSharp;

namespace CnnApi.Tests.Predictions;

/// <summary>SkiaSharp's encoders over unpremultiplied RGBA buffers, for building test uploads.</summary>
public static class SkiaEncode
{
    public static byte[] Png(byte[] rgba, int width, int height) =>
        Encode(rgba, width, height, pixmap => pixmap.Encode(SKPngEncoderOptions.Default));

    public static byte[] Jpeg(byte[] rgba, int width, int height, int quality) =>
        Encode(rgba, width, height, pixmap => pixmap.Encode(new SKJpegEncoderOptions(quality, SKJpegEncoderDownsample.Downsample420, SKJpegEncoderAlphaOption.Ignore)));

    public static byte[] Webp(byte[] rgba, int width, int height, bool lossless) =>
        Encode(rgba, width, height, pixmap => pixmap.Encode(new SKWebpEncoderOptions(
            lossless ? SKWebpEncoderCompression.Lossless : SKWebpEncoderCompression.Lossy, lossless ? 100 : 90)));

    private static byte[] Encode(byte[] rgba, int width, int height, Func<SKPixmap, SKData?> encode)
    {
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        Marshal.Copy(rgba, 0, bitmap.GetPixels(), rgba.Length);
        using var pixmap = bitmap.PeekPixels();
        using var data = encode(pixmap) ?? throw new InvalidOperationException("SkiaSharp could not encode the test image.");
        return data.ToArray();
    }
}
