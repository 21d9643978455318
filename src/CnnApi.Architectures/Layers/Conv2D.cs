namespace CnnApi.Architectures.Layers;

/// <summary>
/// 2-D convolution. Params = (kH·kW·C_in + bias)·filters. MACs of one image = outH·outW·filters·kH·kW·C_in
/// (the bias additions are not counted).
/// </summary>
public sealed record Conv2D(int Filters, Size2 KernelSize, Size2 Strides, Padding Padding,
    ActivationKind Activation, bool UseBias, Size2 DilationRate) : SpatialLayer
{
    public override string KerasClass => "Conv2D";
    public override string NameStem => "conv2d";

    internal override LayerMath ApplyChannelsLast(long[] input)
    {
        if (Filters < 1)
            return LayerMath.Fail("Conv2D: filters must be at least 1");
        if (Convolutions.Slide(KerasClass, input, KernelSize, Strides, DilationRate, Padding) is not { } slide)
            return LayerMath.Fail(Convolutions.Error(KerasClass, input, KernelSize, Strides, DilationRate, Padding));
        var (window, height, width) = slide;
        checked
        {
            long taps = (long)KernelSize.Height * KernelSize.Width * input[2];
            long parameters = (taps + (UseBias ? 1 : 0)) * Filters;
            long macs = height * width * Filters * taps;
            return new LayerMath([height, width, Filters], parameters, 0, macs, window);
        }
    }
}

/// <summary>The sliding-window rule every convolution and pooling layer shares.</summary>
internal static class Convolutions
{
    /// <summary>The window and output extent, or null when the input is not 3-D, a size is below 1 or the window does not fit.</summary>
    public static (Window Window, long Height, long Width)? Slide(string kerasClass, long[] input, Size2 kernel, Size2 strides, Size2 dilation, Padding padding)
    {
        if (input.Length != 3 || !kernel.IsPositive || !strides.IsPositive || !dilation.IsPositive)
            return null;
        var window = Window.Of(kernel, strides, dilation, padding);
        long height = window.OutputHeight(input[0]), width = window.OutputWidth(input[1]);
        return height < 1 || width < 1 ? null : (window, height, width);
    }

    /// <summary>Why <see cref="Slide"/> returned null.</summary>
    public static string Error(string kerasClass, long[] input, Size2 kernel, Size2 strides, Size2 dilation, Padding padding)
    {
        if (input.Length != 3)
            return Shapes.NeedsSpatial(kerasClass, input);
        if (!kernel.IsPositive || !strides.IsPositive || !dilation.IsPositive)
            return $"{kerasClass}: kernel size, strides and dilation rate must all be at least 1";
        var window = Window.Of(kernel, strides, dilation, padding);
        var dilated = dilation == Size2.Square(1) ? ""
            : $" with dilation {dilation} (effective {window.KernelHeight}×{window.KernelWidth})";
        return $"{kerasClass}: kernel {kernel}{dilated} does not fit the {Shapes.Spatial(input)} input";
    }
}
