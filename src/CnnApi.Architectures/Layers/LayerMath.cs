namespace CnnApi.Architectures.Layers;

/// <summary>What a layer does to one input shape: output shape and counts, or why it cannot apply.</summary>
internal readonly record struct LayerMath(long[] Output, long Params, long NonTrainableParams, long Macs, Window? Window)
{
    public string? Error { get; init; }

    public static LayerMath Fail(string error) => new([], 0, 0, 0, null) { Error = error };

    /// <summary>A layer that changes neither the shape nor carries weights (Dropout, Activation).</summary>
    public static LayerMath Identity(long[] input) => new(input, 0, 0, 0, null);
}

/// <summary>A sliding window over height and width: effective (dilated) kernel extent, strides, padding.</summary>
internal readonly record struct Window(long KernelHeight, long KernelWidth, long StrideHeight, long StrideWidth, Padding Padding)
{
    /// <summary>Keras's rule: valid = floor((in − k_eff) / s) + 1, same = ceil(in / s). Values below 1 mean "does not fit".</summary>
    public static long Output(long input, long kernel, long stride, Padding padding) => padding == Padding.Same
        ? (input + stride - 1) / stride
        : input < kernel ? 0 : (input - kernel) / stride + 1;

    public long OutputHeight(long input) => Output(input, KernelHeight, StrideHeight, Padding);

    public long OutputWidth(long input) => Output(input, KernelWidth, StrideWidth, Padding);
}
