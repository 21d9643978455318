namespace CnnApi.Predictions.Images;

/// <summary>
/// Separable resampling of an ink map window: area averaging when shrinking (every source pixel
/// contributes by its overlap, so thin strokes fade instead of vanishing or aliasing), bilinear
/// when enlarging. Source pixels outside the image count as background.
/// </summary>
internal static class Resampler
{
    private readonly record struct Taps(int First, float[] Weights);

    /// <summary>
    /// Output pixel (i, j) of an <paramref name="outW"/> × <paramref name="outH"/> grid covers the source
    /// span starting at (<paramref name="startX"/> + i / <paramref name="scaleX"/>, <paramref name="startY"/> + j / <paramref name="scaleY"/>).
    /// </summary>
    public static float[] Resample(InkMap map, int outW, int outH, double startX, double startY, double scaleX, double scaleY)
    {
        var tapsX = Axis(outW, startX, scaleX, map.Width);
        var tapsY = Axis(outH, startY, scaleY, map.Height);
        var used = tapsY.Where(t => t.Weights.Length > 0).ToArray();
        var rowMin = used.Length == 0 ? 0 : used.Min(t => t.First);
        var rowMax = used.Length == 0 ? 0 : used.Max(t => t.First + t.Weights.Length);
        var rows = new float[Math.Max(0, rowMax - rowMin) * outW];
        for (var y = rowMin; y < rowMax; y++)
        {
            for (var i = 0; i < outW; i++)
            {
                var (first, weights) = tapsX[i];
                var sum = 0f;
                for (var k = 0; k < weights.Length; k++)
                {
                    sum += weights[k] * map.At(first + k, y);
                }
                rows[(y - rowMin) * outW + i] = sum;
            }
        }
        var result = new float[outW * outH];
        for (var j = 0; j < outH; j++)
        {
            var (first, weights) = tapsY[j];
            for (var k = 0; k < weights.Length; k++)
            {
                var row = (first + k - rowMin) * outW;
                for (var i = 0; i < outW; i++)
                {
                    result[j * outW + i] += weights[k] * rows[row + i];
                }
            }
        }
        return result;
    }

    private static Taps[] Axis(int outLen, double start, double scale, int srcLen)
    {
        var taps = new Taps[outLen];
        for (var i = 0; i < outLen; i++)
        {
            taps[i] = scale <= 1 ? Area(start + i / scale, start + (i + 1) / scale, scale, srcLen)
                                 : Linear(start + (i + 0.5) / scale - 0.5, srcLen);
        }
        return taps;
    }

    private static Taps Area(double a, double b, double scale, int srcLen)
    {
        var first = Math.Clamp((int)Math.Floor(a), 0, srcLen);
        var last = Math.Clamp((int)Math.Ceiling(b), first, srcLen);
        var weights = new float[last - first];
        for (var j = first; j < last; j++)
        {
            var overlap = Math.Min(b, j + 1) - Math.Max(a, j);
            weights[j - first] = (float)(Math.Max(0, overlap) * scale);
        }
        return new Taps(first, weights);
    }

    private static Taps Linear(double centre, int srcLen)
    {
        var j0 = (int)Math.Floor(centre);
        var t = (float)(centre - j0);
        if (j0 < 0)
        {
            return j0 == -1 && srcLen > 0 ? new Taps(0, [t]) : new Taps(0, []);
        }
        if (j0 >= srcLen - 1)
        {
            return j0 == srcLen - 1 ? new Taps(j0, [1 - t]) : new Taps(0, []);
        }
        return new Taps(j0, [1 - t, t]);
    }
}
