using System.Buffers;
using System.Runtime.InteropServices;

namespace CnnApi.Predictions.Images;

/// <summary>
/// Decides which grey levels are ink: composites alpha, takes luma, judges the polarity from the
/// border, and stretches the contrast between the paper and the stroke cores.
/// </summary>
internal static class InkLevels
{
    // Below this many grey levels between paper and ink there is no digit, only noise.
    private const int MinContrast = 24;

    public static InkMap Measure(DecodedImage image)
    {
        // A canvas exports black strokes on a transparent background, hence white behind.
        var map = Analyse(image, ToGrey(image, overWhite: true, out var all, out var translucent), all);
        if (map.HasInk || !translucent)
        {
            return map;
        }
        // White strokes on a transparent background vanish over white; black shows them.
        map.Dispose();
        return Analyse(image, ToGrey(image, overWhite: false, out all, out _), all);
    }

    private static byte[] ToGrey(DecodedImage image, bool overWhite, out int[] histogram, out bool translucent)
    {
        // One little-endian uint per pixel: R in the low byte, A in the high one.
        var pixels = MemoryMarshal.Cast<byte, uint>(image.Rgba.AsSpan());
        // Pooled: a fresh array per upload would land on the large-object heap from 300 × 300 up.
        var grey = ArrayPool<byte>.Shared.Rent(pixels.Length);
        var target = grey.AsSpan(0, pixels.Length);
        var minAlpha = 255u;
        var counts = new int[256];
        for (var i = 0; i < pixels.Length; i++)
        {
            var p = pixels[i];
            var a = p >> 24;
            minAlpha = a < minAlpha ? a : minAlpha;
            // Premultiplied: compositing over white adds the uncovered share of white.
            var under = overWhite ? 255 - a : 0;
            var r = (p & 0xFF) + under;
            var g = ((p >> 8) & 0xFF) + under;
            var b = ((p >> 16) & 0xFF) + under;
            // BT.601 luma, weights sum to 256. Clamped: damaged files can decode to colour above alpha.
            var level = Math.Min(255u, (77 * r + 150 * g + 29 * b + 128) >> 8);
            target[i] = (byte)level;
            counts[level]++;
        }
        histogram = counts;
        translucent = minAlpha < 255;
        return grey;
    }

    private static InkMap Analyse(DecodedImage image, byte[] grey, int[] all)
    {
        var (w, h) = (image.Width, image.Height);
        var border = BorderHistogram(grey, w, h);
        var paper = Percentile(border, 0.5);
        // The ink lies further from the paper than the other extreme does. Extremes are taken a few
        // pixels in (not a percentage: a thin pen on a big canvas inks well under 0.1 % of it).
        var tail = Math.Min(Math.Max(16, w * h / 20_000), Math.Max(1, w * h / 8));
        var inverted = paper - Lowest(all, tail) > 255 - Lowest(Reversed(all), tail) - paper;
        if (inverted)
        {
            Array.Reverse(all);
            Array.Reverse(border);
        }
        var median = Percentile(border, 0.5);
        // Paper noise reaches about 1.35 sigma above the median (twice the median-to-quartile gap).
        var lo = Math.Min(254, median + 2 * (median - Percentile(border, 0.25)));
        var peak = 255 - Lowest(Reversed(all), tail);
        var strong = all.ToArray();
        Array.Clear(strong, 0, (lo + peak) / 2 + 1);
        var hi = strong.Sum() > 0 ? Percentile(strong, 0.9) : peak;
        var lut = new float[256];
        var hasInk = hi - lo >= MinContrast;
        if (hasInk)
        {
            for (var g = 0; g < 256; g++)
            {
                var level = inverted ? 255 - g : g;
                lut[g] = Math.Clamp((level - lo) / (float)(hi - lo), 0f, 1f);
            }
        }
        return new InkMap(w, h, grey, lut, inverted, hasInk);
    }

    private static int[] BorderHistogram(byte[] grey, int w, int h)
    {
        var hist = new int[256];
        var ring = Math.Max(1, Math.Min(w, h) / 28);
        for (var y = 0; y < h; y++)
        {
            var fullRow = y < ring || y >= h - ring;
            for (var x = 0; x < w; x++)
            {
                if (fullRow || x < ring || x >= w - ring)
                {
                    hist[grey[y * w + x]]++;
                }
                else
                {
                    x = w - ring - 1; // jump over the interior
                }
            }
        }
        return hist;
    }

    /// <summary>The lowest level with at least <paramref name="count"/> pixels at or below it.</summary>
    private static int Lowest(int[] hist, int count)
    {
        long seen = 0;
        for (var level = 0; level < hist.Length; level++)
        {
            seen += hist[level];
            if (seen >= count)
            {
                return level;
            }
        }
        return hist.Length - 1;
    }

    private static int[] Reversed(int[] hist) => [.. hist.AsEnumerable().Reverse()];

    /// <summary>The smallest level with at least <paramref name="p"/> of the counts at or below it.</summary>
    private static int Percentile(int[] hist, double p)
    {
        long total = 0;
        foreach (var c in hist)
        {
            total += c;
        }
        var wanted = Math.Max(1, (long)Math.Ceiling(p * total));
        long seen = 0;
        for (var level = 0; level < hist.Length; level++)
        {
            seen += hist[level];
            if (seen >= wanted)
            {
                return level;
            }
        }
        return hist.Length - 1;
    }
}
