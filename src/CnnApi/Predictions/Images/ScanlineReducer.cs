using System.Runtime.InteropServices;
using SkiaSharp;

namespace CnnApi.Predictions.Images;

/// <summary>
/// Decodes a large image that the codec cannot scale itself row by row, averaging <c>factor × factor</c>
/// blocks as the rows arrive: memory is a band of <c>factor</c> source rows and the reduced image, never the
/// full-size pixels (a 4096 × 4096 BMP: 4 MB instead of 64 MB). Area averaging keeps a thin stroke as a
/// fainter line, which preprocessing then stretches back. Skia decodes BMP (bottom-up) this way; its PNG and
/// GIF codecs answer <c>Unimplemented</c> to line-by-line decoding, so those decode whole into native memory
/// (bounded by the request's pixel budget and the decoding slots), freed once averaged the same way.
/// </summary>
internal static class ScanlineReducer
{
    /// <summary>The reduced image or a failure; null when <paramref name="factor"/> is under 2 (nothing to reduce).</summary>
    public static ImageDecodeResult? Decode(SKCodec codec, ImageFormat format, int factor)
    {
        var (w, h) = (codec.Info.Width, codec.Info.Height);
        var info = new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Premul);
        if (factor < 2) return null;
        var rowBytes = w * 4;
        if (codec.StartScanlineDecode(info) == SKCodecResult.Success
            && codec.ScanlineOrder is SKCodecScanlineOrder.TopDown or SKCodecScanlineOrder.BottomUp)
        {
            return Average(codec, format, factor, codec.ScanlineOrder == SKCodecScanlineOrder.BottomUp,
                (_, pinned, lines) => codec.GetScanlines(pinned, lines, rowBytes) >= lines);
        }
        // PNG and GIF: decoded whole, but into native memory that is freed as soon as it is averaged. A managed array
        // of that size (67 MB for 4088 × 4088) lives on the large-object heap until a full collection, so a flood of
        // such uploads grew the process by however many the GC let pile up (604 MB once in the test suite).
        using var whole = new SKBitmap(info);
        var result = codec.GetPixels(info, whole.GetPixels());
        if (result != SKCodecResult.Success) return ImageDecoder.Failure(result, format);
        var next = whole.GetPixels();
        return Average(codec, format, factor, bottomUp: false, (band, _, lines) =>
        {
            Marshal.Copy(next, band, 0, lines * rowBytes);
            next += lines * rowBytes;
            return true;
        });
    }

    /// <summary>
    /// Averages <c>factor × factor</c> blocks; <paramref name="readRows"/> fills the band (given as the array and its pinned
    /// address) with the next rows, up to <c>factor</c> of them, and says whether they were all there.
    /// </summary>
    private static ImageDecodeResult Average(SKCodec codec, ImageFormat format, int factor, bool bottomUp, Func<byte[], IntPtr, int, bool> readRows)
    {
        var (w, h) = (codec.Info.Width, codec.Info.Height);
        var (outW, outH) = ((w + factor - 1) / factor, (h + factor - 1) / factor);
        var output = new byte[outW * outH * 4];
        var rowBytes = w * 4;
        var band = new byte[rowBytes * factor];
        var sums = new uint[outW * 4];
        var handle = GCHandle.Alloc(band, GCHandleType.Pinned);
        try
        {
            for (var oy = 0; oy < outH; oy++)
            {
                var lines = Math.Min(factor, h - oy * factor);
                if (!readRows(band, handle.AddrOfPinnedObject(), lines))
                    return new ImageDecodeResult.Corrupt(format, "the file is truncated");
                Array.Clear(sums);
                for (var line = 0; line < lines; line++)
                {
                    var row = band.AsSpan(line * rowBytes, rowBytes);
                    for (var x = 0; x < w; x++)
                    {
                        var s = x / factor * 4;
                        sums[s] += row[4 * x];
                        sums[s + 1] += row[4 * x + 1];
                        sums[s + 2] += row[4 * x + 2];
                        sums[s + 3] += row[4 * x + 3];
                    }
                }
                var target = bottomUp ? outH - 1 - oy : oy;
                for (var ox = 0; ox < outW; ox++)
                {
                    var count = (uint)(lines * Math.Min(factor, w - ox * factor));
                    for (var c = 0; c < 4; c++)
                        output[(target * outW + ox) * 4 + c] = (byte)((sums[ox * 4 + c] + count / 2) / count);
                }
            }
        }
        finally
        {
            handle.Free();
        }
        return new ImageDecodeResult.Ok(ImageOrientation.Upright(new DecodedImage(outW, outH, format, output), codec.EncodedOrigin));
    }
}
