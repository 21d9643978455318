using SkiaSharp;

namespace CnnApi.Predictions.Images;

/// <summary>
/// Applies an EXIF orientation: phone photos are stored sideways with a tag saying how to turn
/// them, and a digit lying on its side is a different digit to the network.
/// </summary>
internal static class ImageOrientation
{
    public static DecodedImage Upright(DecodedImage image, SKEncodedOrigin origin)
    {
        if (origin is SKEncodedOrigin.TopLeft || !Enum.IsDefined(origin))
        {
            return image;
        }
        var (w, h) = (image.Width, image.Height);
        var swapsAxes = origin >= SKEncodedOrigin.LeftTop;
        var (outW, outH) = swapsAxes ? (h, w) : (w, h);
        var source = image.Rgba;
        var target = new byte[source.Length];
        for (var y = 0; y < outH; y++)
        {
            for (var x = 0; x < outW; x++)
            {
                var (sx, sy) = origin switch
                {
                    SKEncodedOrigin.TopRight => (w - 1 - x, y),
                    SKEncodedOrigin.BottomRight => (w - 1 - x, h - 1 - y),
                    SKEncodedOrigin.BottomLeft => (x, h - 1 - y),
                    SKEncodedOrigin.LeftTop => (y, x),
                    SKEncodedOrigin.RightTop => (y, h - 1 - x),
                    SKEncodedOrigin.RightBottom => (w - 1 - y, h - 1 - x),
                    _ => (w - 1 - y, x), // LeftBottom: turn a quarter counter-clockwise
                };
                source.AsSpan((sy * w + sx) * 4, 4).CopyTo(target.AsSpan((y * outW + x) * 4, 4));
            }
        }
        return image with { Width = outW, Height = outH, Rgba = target };
    }
}
