using CnnApi.Architectures.Layers;

namespace CnnApi.Architectures.Summaries;

/// <summary>
/// The seed notebook's point that valid padding loses the border, as a number: the input pixels (per channel)
/// that lie outside the rectangle spanned by the centres of the layer's windows, i.e. that never sit at the
/// centre of any output window. Valid 3×3 on 28×28 loses the outer ring, 784 − 26·26 = 108; same padding with
/// stride 1 loses none. A window's centre is its middle tap, rounded towards the top-left for even extents;
/// with same padding the windows start at −⌊pad/2⌋, as TensorFlow pads.
/// </summary>
internal static class Borders
{
    public static long PixelsLost(long[] input, long[] output, Window w)
    {
        var keptH = Kept(input[0], output[0], w.KernelHeight, w.StrideHeight, w.Padding);
        var keptW = Kept(input[1], output[1], w.KernelWidth, w.StrideWidth, w.Padding);
        return input[0] * input[1] - keptH * keptW;
    }

    private static long Kept(long input, long output, long kernel, long stride, Padding padding)
    {
        var padBefore = padding == Padding.Same ? Math.Max((output - 1) * stride + kernel - input, 0) / 2 : 0;
        var firstCentre = -padBefore + (kernel - 1) / 2;
        var lastCentre = firstCentre + (output - 1) * stride;
        return Math.Max(0, Math.Min(input - 1, lastCentre) - Math.Max(0, firstCentre) + 1);
    }
}
