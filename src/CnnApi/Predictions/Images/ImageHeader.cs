using System.Buffers.Binary;

namespace CnnApi.Predictions.Images;

/// <summary>
/// Reads the claimed pixel size from a PNG, GIF, BMP or WebP header without any decoder, so an
/// absurd claim is refused as too large even where the native decoder would balk at the header
/// (libpng rejects widths over a million as an error, which would read as "corrupt").
/// JPEG's size hides behind a chain of markers; SkiaSharp's header read covers it.
/// </summary>
internal static class ImageHeader
{
    public static (long Width, long Height)? ClaimedSize(ReadOnlySpan<byte> b, ImageFormat format)
    {
        switch (format)
        {
            case ImageFormat.Png when b.Length >= 24 && b[12..16].SequenceEqual("IHDR"u8):
                return (BinaryPrimitives.ReadUInt32BigEndian(b[16..]), BinaryPrimitives.ReadUInt32BigEndian(b[20..]));
            case ImageFormat.Gif when b.Length >= 10:
                return (BinaryPrimitives.ReadUInt16LittleEndian(b[6..]), BinaryPrimitives.ReadUInt16LittleEndian(b[8..]));
            case ImageFormat.Bmp when b.Length >= 26 && BinaryPrimitives.ReadInt32LittleEndian(b[14..]) >= 40:
                // A negative height marks a top-down bitmap.
                return (Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(b[18..])),
                        Math.Abs((long)BinaryPrimitives.ReadInt32LittleEndian(b[22..])));
            case ImageFormat.Webp when b.Length >= 30:
                return Webp(b);
            default:
                return null;
        }
    }

    private static (long, long)? Webp(ReadOnlySpan<byte> b)
    {
        var chunk = b[12..16];
        if (chunk.SequenceEqual("VP8X"u8))
        {
            return (1 + Uint24(b[24..]), 1 + Uint24(b[27..]));
        }
        if (chunk.SequenceEqual("VP8L"u8) && b[20] == 0x2F)
        {
            var bits = BinaryPrimitives.ReadUInt32LittleEndian(b[21..]);
            return (1 + (bits & 0x3FFF), 1 + ((bits >> 14) & 0x3FFF));
        }
        if (chunk.SequenceEqual("VP8 "u8))
        {
            return (BinaryPrimitives.ReadUInt16LittleEndian(b[26..]) & 0x3FFF, BinaryPrimitives.ReadUInt16LittleEndian(b[28..]) & 0x3FFF);
        }
        return null;
    }

    private static long Uint24(ReadOnlySpan<byte> b) => b[0] | b[1] << 8 | b[2] << 16;
}
