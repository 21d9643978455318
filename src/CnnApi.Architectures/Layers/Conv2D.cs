namespace CnnApi.Architectures.Layers;

/// <summary>
/// 2-D convolution. Params = (kH·kW·C_in + bias)·filters. MACs of one image = outH·outW·filters·kH·kW·C_in
/// (the bias additions are not counted).
/// </summary>
public sealed record Conv2D(int Filters, Size2 KernelSize, Size2 Strides, Padding Padding,
    ActivationKind Activation, bool UseBias, Size2 DilationRate) : Layer
{
    public override string KerasClass => "Conv2D";
    public override string NameStem => "conv2d";

    internal override LayerMath Apply(long[] input)
    {
        if (input.Length != 3)
            return LayerMath.Fail(Shapes.NeedsSpatial(KerasClass, input));
        if (Filters < 1 || !KernelSize.IsPositive || !Strides.IsPositive || !DilationRate.IsPositive)
            return LayerMath.Fail("Conv2D: filters, kernel size, strides and dilation rate must all be at least 1");
        var window = new Window(
            (long)DilationRate.Height * (KernelSize.Height - 1) + 1,
            (long)DilationRate.Width * (KernelSize.Width - 1) + 1,
            Strides.Height, Strides.Width, Padding);
        long height = window.OutputHeight(input[0]), width = window.OutputWidth(input[1]);
        if (height < 1 || width < 1)
        {
            var dilated = DilationRate == Size2.Square(1) ? ""
                : $" with dilation {DilationRate} (effective {window.KernelHeight}×{window.KernelWidth})";
            return LayerMath.Fail($"Conv2D: kernel {KernelSize}{dilated} does not fit the {Shapes.Spatial(input)} input");
        }
        checked
        {
            long taps = (long)KernelSize.Height * KernelSize.Width * input[2];
            long parameters = (taps + (UseBias ? 1 : 0)) * Filters;
            long macs = height * width * Filters * taps;
            return new LayerMath([height, width, Filters], parameters, 0, macs, window);
        }
    }
}
