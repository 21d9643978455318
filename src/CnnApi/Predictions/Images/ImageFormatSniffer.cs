namespace CnnApi.Predictions.Images;

/// <summary>
/// Recognises an image format from its first bytes. File names and declared content types are
/// chosen by the client and prove nothing; the magic number is what the decoder will actually see.
/// </summary>
public static class ImageFormatSniffer
{
    private static ReadOnlySpan<byte> Png => [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static ReadOnlySpan<byte> Jpeg => [0xFF, 0xD8, 0xFF];
    private static ReadOnlySpan<byte> Gif87 => "GIF87a"u8;
    private static ReadOnlySpan<byte> Gif89 => "GIF89a"u8;
    private static ReadOnlySpan<byte> Riff => "RIFF"u8;
    private static ReadOnlySpan<byte> Webp => "WEBP"u8;

    /// <summary>The format whose signature <paramref name="bytes"/> starts with, or null for none.</summary>
    public static ImageFormat? Sniff(ReadOnlySpan<byte> bytes)
    {
        if (bytes.StartsWith(Png))
        {
            return ImageFormat.Png;
        }
        if (bytes.StartsWith(Jpeg))
        {
            return ImageFormat.Jpeg;
        }
        if (bytes.StartsWith(Gif87) || bytes.StartsWith(Gif89))
        {
            return ImageFormat.Gif;
        }
        if (bytes.Length >= 12 && bytes.StartsWith(Riff) && bytes[8..12].SequenceEqual(Webp))
        {
            return ImageFormat.Webp;
        }
        // "BM" alone is too weak (plain text can start with it): also require the reserved
        // header words to be zero, as every BMP writer leaves them.
        if (bytes.Length >= 14 && bytes[0] == (byte)'B' && bytes[1] == (byte)'M'
            && bytes[6] == 0 && bytes[7] == 0 && bytes[8] == 0 && bytes[9] == 0)
        {
            return ImageFormat.Bmp;
        }
        return null;
    }

    /// <summary>The MIME type of a format, for responses and logs.</summary>
    public static string ContentType(ImageFormat format) => format switch
    {
        ImageFormat.Png => "image/png",
        ImageFormat.Jpeg => "image/jpeg",
        ImageFormat.Bmp => "image/bmp",
        ImageFormat.Gif => "image/gif",
        _ => "image/webp",
    };
}
