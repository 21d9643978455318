namespace CnnApi.Predictions.Images;

/// <summary>
/// Finds the bounding box of the ink. Faint pixels (JPEG ringing, paper grain) are ignored by a
/// threshold, and on large images the box is first found on block averages, where isolated
/// noise pixels average away while strokes survive.
/// </summary>
internal static class InkBounds
{
    // Ink strength a pixel needs to count: MNIST digits span 20 pixels at this threshold too.
    private const float Threshold = 0.2f;

    // Block averages are taken so that the longer side has at most this many blocks.
    private const int CoarseSide = 128;

    /// <summary>The box as [X0, X1) × [Y0, Y1), or null when no pixel passes the threshold.</summary>
    public static (int X0, int Y0, int X1, int Y1)? Find(InkMap map)
    {
        var (w, h) = (map.Width, map.Height);
        var f = Math.Max(1, (int)Math.Ceiling(Math.Max(w, h) / (double)CoarseSide));
        var region = (X0: 0, Y0: 0, X1: w, Y1: h);
        if (f > 1)
        {
            if (CoarseBox(map, f) is not { } coarse)
            {
                return null;
            }
            region = (coarse.X0 * f, coarse.Y0 * f, Math.Min(w, coarse.X1 * f), Math.Min(h, coarse.Y1 * f));
        }
        int x0 = int.MaxValue, y0 = int.MaxValue, x1 = -1, y1 = -1;
        for (var y = region.Y0; y < region.Y1; y++)
        {
            for (var x = region.X0; x < region.X1; x++)
            {
                if (map.At(x, y) > Threshold)
                {
                    (x0, x1) = (Math.Min(x0, x), Math.Max(x1, x));
                    (y0, y1) = (Math.Min(y0, y), Math.Max(y1, y));
                }
            }
        }
        return x1 < 0 ? null : (x0, y0, x1 + 1, y1 + 1);
    }

    private static (int X0, int Y0, int X1, int Y1)? CoarseBox(InkMap map, int f)
    {
        var (cw, ch) = ((map.Width + f - 1) / f, (map.Height + f - 1) / f);
        var sums = new float[cw * ch];
        var counts = new int[cw * ch];
        var (grey, lut, w) = (map.Grey, map.Lut, map.Width);
        for (var y = 0; y < map.Height; y++)
        {
            var row = y / f * cw;
            var line = grey.AsSpan(y * w, w);
            // Walk block by block: a division per pixel would cost more than the rest of this loop.
            for (int bx = 0, x = 0; x < w; bx++)
            {
                var end = Math.Min(w, x + f);
                var sum = 0f;
                for (; x < end; x++)
                {
                    sum += lut[line[x]];
                }
                sums[row + bx] += sum;
                counts[row + bx] += end - (bx * f);
            }
        }
        int x0 = int.MaxValue, y0 = int.MaxValue, x1 = -1, y1 = -1;
        for (var i = 0; i < sums.Length; i++)
        {
            if (sums[i] > Threshold * counts[i])
            {
                var (x, y) = (i % cw, i / cw);
                (x0, x1) = (Math.Min(x0, x), Math.Max(x1, x));
                (y0, y1) = (Math.Min(y0, y), Math.Max(y1, y));
            }
        }
        return x1 < 0 ? null : (x0, y0, x1 + 1, y1 + 1);
    }
}
