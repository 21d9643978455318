namespace CnnApi.Predictions.Images;

/// <summary>
/// Stroke width of a scaled digit, and thickening for strokes far thinner than MNIST's: a thin
/// pen on a large canvas shrinks to sub-pixel lines, which the network has never seen.
/// </summary>
internal static class Strokes
{
    /// <summary>Mean stroke width in pixels, as twice the inked area over its outline length.</summary>
    public static double Width(float[] image, int w, int h)
    {
        double area = 0, outline = 0;
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var inked = image[y * w + x] > 0.5f;
                area += inked ? 1 : 0;
                outline += (x + 1 < w && inked != image[y * w + x + 1] > 0.5f ? 1 : 0)
                         + (y + 1 < h && inked != image[(y + 1) * w + x] > 0.5f ? 1 : 0);
            }
        }
        return outline == 0 ? 0 : 2 * area / outline;
    }

    /// <summary>Grey dilation with a plus-shaped kernel: each stroke grows by about a pixel on every side.</summary>
    public static float[] Thicken(float[] image, int w, int h)
    {
        var result = new float[image.Length];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var v = image[y * w + x];
                v = Math.Max(v, x > 0 ? image[y * w + x - 1] : 0);
                v = Math.Max(v, x + 1 < w ? image[y * w + x + 1] : 0);
                v = Math.Max(v, y > 0 ? image[(y - 1) * w + x] : 0);
                v = Math.Max(v, y + 1 < h ? image[(y + 1) * w + x] : 0);
                result[y * w + x] = v;
            }
        }
        return result;
    }
}
