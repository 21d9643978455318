namespace CnnApi.Architectures.Layers;

/// <summary>
/// Keras DepthwiseConv2D: one kH×kW filter per input channel and depth multiplier, [H, W, C] → [H', W', C·dm].
/// Params = kH·kW·C·dm + bias C·dm. MACs = H'·W'·C·dm·kH·kW.
/// </summary>
public sealed record DepthwiseConv2D(Size2 KernelSize, Size2 Strides, Padding Padding, int DepthMultiplier,
    ActivationKind Activation, bool UseBias, Size2 DilationRate) : SpatialLayer
{
    public override string KerasClass => "DepthwiseConv2D";
    public override string NameStem => "depthwise_conv2d";

    internal override LayerMath ApplyChannelsLast(long[] input)
    {
        if (DepthMultiplier < 1)
            return LayerMath.Fail("DepthwiseConv2D: depth_multiplier must be at least 1");
        if (Convolutions.Slide(KerasClass, input, KernelSize, Strides, DilationRate, Padding) is not { } slide)
            return LayerMath.Fail(Convolutions.Error(KerasClass, input, KernelSize, Strides, DilationRate, Padding));
        var (window, height, width) = slide;
        checked
        {
            long outChannels = input[2] * DepthMultiplier, taps = (long)KernelSize.Height * KernelSize.Width;
            long parameters = taps * outChannels + (UseBias ? outChannels : 0);
            return new LayerMath([height, width, outChannels], parameters, 0, height * width * outChannels * taps, window);
        }
    }
}

/// <summary>
/// Keras SeparableConv2D: a depthwise kH×kW convolution (depth multiplier dm) then a 1×1 pointwise one to
/// <see cref="Filters"/>. Params = kH·kW·C·dm + C·dm·filters + bias filters.
/// MACs = H'·W'·C·dm·kH·kW (depthwise) + H'·W'·C·dm·filters (pointwise).
/// </summary>
public sealed record SeparableConv2D(int Filters, Size2 KernelSize, Size2 Strides, Padding Padding, int DepthMultiplier,
    ActivationKind Activation, bool UseBias, Size2 DilationRate) : SpatialLayer
{
    public override string KerasClass => "SeparableConv2D";
    public override string NameStem => "separable_conv2d";

    internal override LayerMath ApplyChannelsLast(long[] input)
    {
        if (Filters < 1 || DepthMultiplier < 1)
            return LayerMath.Fail("SeparableConv2D: filters and depth_multiplier must be at least 1");
        if (Convolutions.Slide(KerasClass, input, KernelSize, Strides, DilationRate, Padding) is not { } slide)
            return LayerMath.Fail(Convolutions.Error(KerasClass, input, KernelSize, Strides, DilationRate, Padding));
        var (window, height, width) = slide;
        checked
        {
            long middle = input[2] * DepthMultiplier, taps = (long)KernelSize.Height * KernelSize.Width;
            long parameters = taps * middle + middle * Filters + (UseBias ? Filters : 0);
            long macs = height * width * middle * taps + height * width * middle * Filters;
            return new LayerMath([height, width, Filters], parameters, 0, macs, window);
        }
    }
}

/// <summary>
/// Keras Conv2DTranspose. Output side (Keras <c>deconv_output_length</c>, k_eff = d·(k − 1) + 1): without
/// output_padding, valid = in·s + max(k_eff − s, 0), same = in·s; with it, (in − 1)·s + k_eff − 2·pad + output_padding,
/// pad = k_eff // 2 for same, 0 for valid. Params = kH·kW·C_in·filters + bias filters. MACs = H·W·C_in·kH·kW·filters
/// (every input tap is multiplied into a kernel-sized patch).
/// </summary>
public sealed record Conv2DTranspose(int Filters, Size2 KernelSize, Size2 Strides, Padding Padding, Size2? OutputPadding,
    ActivationKind Activation, bool UseBias, Size2 DilationRate) : SpatialLayer
{
    public override string KerasClass => "Conv2DTranspose";
    public override string NameStem => "conv2d_transpose";

    /// <summary>Keras's output side for one axis.</summary>
    public static long OutputLength(long input, int kernel, int stride, int dilation, Padding padding, int? outputPadding)
    {
        long k = (long)dilation * (kernel - 1) + 1;
        if (outputPadding is not { } extra)
            return padding == Padding.Valid ? input * stride + Math.Max(k - stride, 0) : input * stride;
        var pad = padding == Padding.Same ? k / 2 : 0;
        return (input - 1) * stride + k - 2 * pad + extra;
    }

    internal override LayerMath ApplyChannelsLast(long[] input)
    {
        if (input.Length != 3)
            return LayerMath.Fail(Shapes.NeedsSpatial(KerasClass, input));
        if (Filters < 1 || !KernelSize.IsPositive || !Strides.IsPositive || !DilationRate.IsPositive)
            return LayerMath.Fail("Conv2DTranspose: filters, kernel size, strides and dilation rate must all be at least 1");
        checked
        {
            long height = OutputLength(input[0], KernelSize.Height, Strides.Height, DilationRate.Height, Padding, OutputPadding?.Height);
            long width = OutputLength(input[1], KernelSize.Width, Strides.Width, DilationRate.Width, Padding, OutputPadding?.Width);
            if (height < 1 || width < 1)
                return LayerMath.Fail($"Conv2DTranspose: the output of the {Shapes.Spatial(input)} input would be empty");
            long taps = (long)KernelSize.Height * KernelSize.Width * input[2];
            long parameters = taps * Filters + (UseBias ? Filters : 0);
            var kH = DilationRate.Height * (KernelSize.Height - 1) + 1.0;
            var kW = DilationRate.Width * (KernelSize.Width - 1) + 1.0;
            return new LayerMath([height, width, Filters], parameters, 0, input[0] * input[1] * taps * Filters, null)
            {
                Step = new FieldStep(Math.Ceiling(kH / Strides.Height), Math.Ceiling(kW / Strides.Width), 1.0 / Strides.Height, 1.0 / Strides.Width),
            };
        }
    }
}
