using CnnApi.Architectures.Layers;

namespace CnnApi.Torch.Networks;

/// <summary>
/// TensorFlow/Keras "same" padding: the total padding makes the output ceil(size / stride); when it is odd
/// the extra row/column goes at the bottom/right. Torch's own padding is symmetric, so asymmetric cases
/// need an explicit pad first.
/// </summary>
internal readonly record struct SamePadding(long Top, long Bottom, long Left, long Right)
{
    public static readonly SamePadding None = new(0, 0, 0, 0);

    public bool IsZero => Top == 0 && Bottom == 0 && Left == 0 && Right == 0;
    public bool IsSymmetric => Top == Bottom && Left == Right;

    /// <summary>In F.pad's order for the last two dimensions: left, right, top, bottom.</summary>
    public long[] ForPad => [Left, Right, Top, Bottom];

    public static SamePadding For(Padding padding, long[] inputShape, Size2 kernel, Size2 strides, Size2 dilation)
    {
        if (padding == Padding.Valid) return None;
        var (top, bottom) = Split(inputShape[0], kernel.Height, strides.Height, dilation.Height);
        var (left, right) = Split(inputShape[1], kernel.Width, strides.Width, dilation.Width);
        return new SamePadding(top, bottom, left, right);
    }

    private static (long Before, long After) Split(long size, long kernel, long stride, long dilation)
    {
        long output = (size + stride - 1) / stride;
        long total = Math.Max((output - 1) * stride + (kernel - 1) * dilation + 1 - size, 0);
        return (total / 2, total - total / 2);
    }
}
