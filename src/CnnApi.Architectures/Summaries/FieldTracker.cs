using CnnApi.Architectures.Layers;

namespace CnnApi.Architectures.Summaries;

/// <summary>Carries the receptive field (size and jump per axis) from layer to layer; saturating, never overflowing.</summary>
internal sealed class FieldTracker
{
    private long sizeH = 1, sizeW = 1, jumpH = 1, jumpW = 1;

    /// <summary>The field after a layer with this window (null for point-wise layers), or null when the output is not spatial.</summary>
    public ReceptiveField? Next(Window? window, bool spatialOutput)
    {
        if (window is { } w)
        {
            sizeH = Add(sizeH, Multiply(w.KernelHeight - 1, jumpH));
            sizeW = Add(sizeW, Multiply(w.KernelWidth - 1, jumpW));
            jumpH = Multiply(jumpH, w.StrideHeight);
            jumpW = Multiply(jumpW, w.StrideWidth);
        }
        return spatialOutput ? new ReceptiveField([sizeH, sizeW], [jumpH, jumpW]) : null;
    }

    private static long Add(long a, long b) => a > long.MaxValue - b ? long.MaxValue : a + b;

    private static long Multiply(long a, long b) => b != 0 && a > long.MaxValue / b ? long.MaxValue : a * b;
}
