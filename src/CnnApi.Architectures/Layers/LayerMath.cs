namespace CnnApi.Architectures.Layers;

/// <summary>What a layer does to its input shape(s): output shape and counts, or why it cannot apply.</summary>
internal readonly record struct LayerMath(long[] Output, long Params, long NonTrainableParams, long Macs, Window? Window)
{
    public string? Error { get; init; }

    /// <summary>Input pixels (per channel) this layer drops at the border; null when it has no window or crop.</summary>
    public long? Border { get; init; }

    /// <summary>
    /// How the receptive field grows through a layer without a <see cref="Window"/> (nested models, up-sampling,
    /// transposed convolutions): null for point-wise layers.
    /// </summary>
    public FieldStep? Step { get; init; }

    public static LayerMath Fail(string error) => new([], 0, 0, 0, null) { Error = error };

    /// <summary>A layer that changes neither the shape nor carries weights (Dropout, Activation).</summary>
    public static LayerMath Identity(long[] input) => new(input, 0, 0, 0, null);
}

/// <summary>
/// One step of the receptive field: the layer sees <see cref="Height"/>×<see cref="Width"/> of its input's positions
/// and moves <see cref="StrideHeight"/>/<see cref="StrideWidth"/> of them per output position (below 1 when up-sampling).
/// </summary>
public readonly record struct FieldStep(double Height, double Width, double StrideHeight, double StrideWidth);

/// <summary>A sliding window over height and width: effective (dilated) kernel extent, strides, padding.</summary>
internal readonly record struct Window(long KernelHeight, long KernelWidth, long StrideHeight, long StrideWidth, Padding Padding)
{
    /// <summary>Keras's rule: valid = floor((in − k_eff) / s) + 1, same = ceil(in / s). Values below 1 mean "does not fit".</summary>
    public static long Output(long input, long kernel, long stride, Padding padding) => padding == Padding.Same
        ? (input + stride - 1) / stride
        : input < kernel ? 0 : (input - kernel) / stride + 1;

    public long OutputHeight(long input) => Output(input, KernelHeight, StrideHeight, Padding);

    public long OutputWidth(long input) => Output(input, KernelWidth, StrideWidth, Padding);

    /// <summary>Built from a kernel, strides and dilation, as every convolution and pooling layer does.</summary>
    public static Window Of(Size2 kernel, Size2 strides, Size2 dilation, Padding padding) => new(
        (long)dilation.Height * (kernel.Height - 1) + 1, (long)dilation.Width * (kernel.Width - 1) + 1,
        strides.Height, strides.Width, padding);
}
