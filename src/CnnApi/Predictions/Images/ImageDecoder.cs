using SkiaSharp;

namespace CnnApi.Predictions.Images;

/// <summary>
/// Turns uploaded bytes into pixels with SkiaSharp, refusing what is not an image or too large
/// before any pixel memory is spent: the format comes from the magic number and the dimensions
/// from the header (<see cref="SKCodec.Create(SKData)"/> reads only the header). Never throws on
/// arbitrary input; native Skia objects are disposed on every path.
/// </summary>
public sealed class ImageDecoder(ImageLimits limits)
{
    private const int ChunkSize = 64 * 1024;

    /// <summary>A decoder with <see cref="ImageLimits.Default"/>.</summary>
    public ImageDecoder()
        : this(ImageLimits.Default)
    {
    }

    /// <summary>The limits this decoder enforces.</summary>
    public ImageLimits Limits { get; } = limits;

    /// <summary>
    /// When set, a JPEG or WebP whose longer side exceeds it is decoded at the smallest scale the
    /// codec offers (JPEG: n/8) that keeps the longer side at least this long: a 12-megapixel
    /// phone photo then costs a fraction of the time and memory. A BMP (which Skia decodes line by
    /// line) is averaged down to at most this side as the lines arrive (<see cref="ScanlineReducer"/>);
    /// PNG and GIF decode whole into native memory and are averaged down the same way. Null decodes at full size.
    /// </summary>
    public int? ReducedDecodeSide { get; init; }

    /// <summary>Reads at most <see cref="ImageLimits.MaxBytes"/> + 1 bytes of a stream, then decodes them.</summary>
    public async Task<ImageDecodeResult> DecodeAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        if (stream.CanSeek && stream.Length - stream.Position > Limits.MaxBytes)
        {
            return new ImageDecodeResult.TooLarge(ImageLimit.Bytes, stream.Length - stream.Position, Limits.MaxBytes);
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[ChunkSize];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            buffer.Write(chunk, 0, read);
            // Stop reading as soon as the limit is passed: the rest of the body is not worth buffering.
            if (buffer.Length > Limits.MaxBytes)
            {
                return new ImageDecodeResult.TooLarge(ImageLimit.Bytes, buffer.Length, Limits.MaxBytes);
            }
        }
        return Decode(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
    }

    /// <summary>Images decoded so far (every call that reached the native decoder), for tests and metrics.</summary>
    public long Decodes => Interlocked.Read(ref _decodes);

    private long _decodes;

    /// <summary>
    /// The pixel count an upload's header claims (width × height), read without decoding any pixel; null when
    /// the bytes are no image or their header cannot be read (decoding then reports why).
    /// </summary>
    public static long? ClaimedPixels(ReadOnlySpan<byte> bytes)
    {
        if (ImageFormatSniffer.Sniff(bytes) is not { } format) return null;
        if (ImageHeader.ClaimedSize(bytes, format) is { } claimed) return claimed.Width * claimed.Height;
        try
        {
            using var data = SKData.CreateCopy(bytes);
            using var codec = SKCodec.Create(data);
            return codec is null ? null : (long)codec.Info.Width * codec.Info.Height;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException)
        {
            return null;
        }
    }

    /// <summary>Decodes an encoded image held in memory.</summary>
    public ImageDecodeResult Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return new ImageDecodeResult.Empty();
        }
        if (bytes.Length > Limits.MaxBytes)
        {
            return new ImageDecodeResult.TooLarge(ImageLimit.Bytes, bytes.Length, Limits.MaxBytes);
        }
        if (ImageFormatSniffer.Sniff(bytes) is not { } format)
        {
            return new ImageDecodeResult.NotAnImage();
        }
        if (ImageHeader.ClaimedSize(bytes, format) is { } claimed && TooLarge(claimed.Width, claimed.Height) is { } refused)
        {
            return refused;
        }
        try
        {
            using var data = SKData.CreateCopy(bytes);
            using var codec = SKCodec.Create(data);
            if (codec is null)
            {
                return new ImageDecodeResult.Corrupt(format, "its header is damaged or incomplete");
            }
            Interlocked.Increment(ref _decodes);
            return DecodePixels(codec, format);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or OverflowException)
        {
            // SkiaSharp reports some malformed headers by throwing from its managed wrappers.
            return new ImageDecodeResult.Corrupt(format, "its header is malformed");
        }
    }

    private ImageDecodeResult.TooLarge? TooLarge(long width, long height) =>
        width > Limits.MaxWidth ? new(ImageLimit.Width, width, Limits.MaxWidth)
        : height > Limits.MaxHeight ? new(ImageLimit.Height, height, Limits.MaxHeight)
        : null;

    private (int Width, int Height) ReducedSize(SKCodec codec, int width, int height)
    {
        if (ReducedDecodeSide is not { } side || Math.Max(width, height) <= side)
        {
            return (width, height);
        }
        // JPEG decoders scale by eighths; take the smallest eighth that still reaches the side.
        for (var eighths = 1; eighths < 8; eighths++)
        {
            var scaled = codec.GetScaledDimensions(eighths / 8f);
            if (Math.Max(scaled.Width, scaled.Height) >= side && scaled.Width < width && scaled.Height > 0)
            {
                return (scaled.Width, scaled.Height);
            }
        }
        return (width, height);
    }

    private ImageDecodeResult DecodePixels(SKCodec codec, ImageFormat format)
    {
        var (width, height) = (codec.Info.Width, codec.Info.Height);
        if (TooLarge(width, height) is { } refused)
        {
            return refused;
        }
        if (width <= 0 || height <= 0)
        {
            return new ImageDecodeResult.Corrupt(format, "it has no pixels");
        }
        var scaled = ReducedSize(codec, width, height);
        // A codec that cannot scale is averaged down instead: line by line where it can decode that way (BMP), else from a
        // whole native decode (PNG, GIF).
        if (scaled == (width, height) && ReducedDecodeSide is { } side && Math.Max(width, height) > side
            && ScanlineReducer.Decode(codec, format, (Math.Max(width, height) + side - 1) / side) is { } reduced)
        {
            return reduced;
        }
        (width, height) = scaled;
        var info = new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        var pixels = new byte[info.BytesSize];
        var result = codec.GetPixels(info, pixels);
        return result == SKCodecResult.Success
            ? new ImageDecodeResult.Ok(ImageOrientation.Upright(new DecodedImage(width, height, format, pixels), codec.EncodedOrigin))
            : Failure(result, format);
    }

    /// <summary>The answer for a codec result other than success.</summary>
    internal static ImageDecodeResult Failure(SKCodecResult result, ImageFormat format) => result switch
    {
        SKCodecResult.IncompleteInput => new ImageDecodeResult.Corrupt(format, "the file is truncated"),
        SKCodecResult.ErrorInInput => new ImageDecodeResult.Corrupt(format, "its pixel data is damaged"),
        _ => new ImageDecodeResult.Corrupt(format, $"the decoder answered {result}"),
    };
}
