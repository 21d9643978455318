namespace CnnApi.Tests.Predictions;

/// <summary>How close a preprocessed 28 × 28 image is to the MNIST digit it was made from.</summary>
public static class DigitSimilarity
{
    /// <summary>Mean absolute difference, with the digit scaled to [0, 1].</summary>
    public static double MeanAbsoluteDifference(float[] pixels, byte[] digit) =>
        pixels.Zip(digit, (p, d) => Math.Abs(p - d / 255.0)).Average();

    /// <summary>Pearson correlation of the two images' pixels (1 = same picture up to contrast).</summary>
    public static double Correlation(float[] pixels, byte[] digit)
    {
        var (ma, mb) = (pixels.Average(), digit.Average(d => (double)d));
        double sab = 0, saa = 0, sbb = 0;
        for (var i = 0; i < pixels.Length; i++)
        {
            var (a, b) = (pixels[i] - ma, digit[i] - mb);
            (sab, saa, sbb) = (sab + a * b, saa + a * a, sbb + b * b);
        }
        return saa == 0 || sbb == 0 ? 0 : sab / Math.Sqrt(saa * sbb);
    }
}
