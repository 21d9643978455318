namespace CnnApi.Predictions.Images;

/// <summary>
/// Prepares any decoded image the way MNIST's digits were made (LeCun et al.): the ink's bounding
/// box is scaled with antialiasing to fit 20 × 20, keeping its aspect ratio, and placed in a
/// 28 × 28 field so that its centre of mass sits at the centre. Before that, alpha is composited
/// over white, colour becomes luma, dark-on-light is inverted and the contrast is stretched; after
/// it, strokes thinner than any in MNIST (a fine pen on a large canvas) are thickened.
/// Stateless and thread-safe.
/// </summary>
public sealed class MnistPreprocessor
{
    private const int Side = MnistImage.Side;
    private const int Box = 20;

    // Margin kept around the box so faint edges below the box threshold come along.
    private const int Pad = (Side - Box) / 2;

    // MNIST's centres of mass sit at (14, 14) in pixel-index coordinates (measured on t10k: 14.01, 13.99).
    private const double Centre = 14.0;

    // Below MNIST's 1st percentile of stroke width (1.02 px by Strokes.Width on t10k).
    private const double ThinStroke = 1.0;

    /// <summary>Makes the 28 × 28 MNIST-like image of a decoded upload.</summary>
    public MnistImage Process(DecodedImage image)
    {
        ArgumentNullException.ThrowIfNull(image);
        using var map = InkLevels.Measure(image);
        if (!map.HasInk || InkBounds.Find(map) is not { } box)
        {
            return new MnistImage(new float[Side * Side], InkFound: false, map.Inverted);
        }
        var (bw, bh) = (box.X1 - box.X0, box.Y1 - box.Y0);
        var scale = (double)Box / Math.Max(bw, bh);
        var (dw, dh) = (Fit(bw * scale), Fit(bh * scale));
        var (sx, sy) = ((double)dw / bw, (double)dh / bh);
        var (pw, ph) = (dw + 2 * Pad, dh + 2 * Pad);
        var patch = Resampler.Resample(map, pw, ph, box.X0 - Pad / sx, box.Y0 - Pad / sy, sx, sy);
        Normalise(patch);
        if (Strokes.Width(patch, pw, ph) < ThinStroke)
        {
            patch = Strokes.Thicken(patch, pw, ph);
        }
        return new MnistImage(Place(patch, pw, ph, dw, dh), InkFound: true, map.Inverted);
    }

    private static int Fit(double size) => Math.Clamp((int)Math.Round(size), 1, Box);

    // Thin strokes shrunk from a large canvas come out grey; MNIST's stroke cores are full ink.
    private static void Normalise(float[] patch)
    {
        var max = patch.Max();
        if (max is > 0f and < 1f)
        {
            for (var i = 0; i < patch.Length; i++)
            {
                patch[i] /= max;
            }
        }
    }

    private static float[] Place(float[] patch, int pw, int ph, int dw, int dh)
    {
        double mass = 0, mx = 0, my = 0;
        for (var y = 0; y < ph; y++)
        {
            for (var x = 0; x < pw; x++)
            {
                var v = patch[y * pw + x];
                (mass, mx, my) = (mass + v, mx + v * x, my + v * y);
            }
        }
        // Whole-pixel shift, as MNIST did; clamped so the 20 × 20 box itself never leaves the field.
        var ox = Math.Clamp((int)Math.Round(Centre - mx / mass), -Pad, Side - Pad - dw);
        var oy = Math.Clamp((int)Math.Round(Centre - my / mass), -Pad, Side - Pad - dh);
        var field = new float[Side * Side];
        for (var y = 0; y < ph; y++)
        {
            var fy = y + oy;
            if (fy is < 0 or >= Side)
            {
                continue;
            }
            for (var x = 0; x < pw; x++)
            {
                var fx = x + ox;
                if (fx is >= 0 and < Side)
                {
                    field[fy * Side + fx] = Math.Clamp(patch[y * pw + x], 0f, 1f);
                }
            }
        }
        return field;
    }
}
