using CnnApi.Architectures.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CnnApi.Torch.Networks;

/// <summary>
/// DepthwiseConv2D: one kH×kW filter per input channel and depth multiplier (a grouped convolution with
/// groups = C), glorot-uniform as Keras initialises it, TF "same" padding, zero bias.
/// </summary>
internal sealed class KerasDepthwiseConv2D : nn.Module<Tensor, Tensor>
{
    private Parameter weight;
    private Parameter? bias;
    private readonly DepthwiseConv2D _layer;
    private readonly SamePadding _pad;
    private readonly long _channels;

    public KerasDepthwiseConv2D(string name, DepthwiseConv2D layer, long[] inputShape, bool initialize) : base(name)
    {
        _layer = layer;
        _channels = inputShape[2];
        _pad = SamePadding.For(layer.Padding, inputShape, layer.KernelSize, layer.Strides, layer.DilationRate);
        weight = nn.Parameter(empty(_channels * layer.DepthMultiplier, 1, layer.KernelSize.Height, layer.KernelSize.Width));
        if (initialize) Glorot.Depthwise(weight, layer.KernelSize, _channels, layer.DepthMultiplier);
        register_parameter(nameof(weight), weight);
        if (layer.UseBias)
        {
            bias = nn.Parameter(zeros(_channels * layer.DepthMultiplier));
            register_parameter(nameof(bias), bias);
        }
    }

    public override Tensor forward(Tensor x)
    {
        using var padded = _pad.IsZero ? x.alias() : F.pad(x, _pad.ForPad);
        var y = F.conv2d(padded, weight, bias, strides: [_layer.Strides.Height, _layer.Strides.Width],
            dilation: [_layer.DilationRate.Height, _layer.DilationRate.Width], groups: _channels);
        return Activations.Apply(y, _layer.Activation);
    }
}

/// <summary>SeparableConv2D: the depthwise convolution (no bias) then a 1×1 pointwise one with the bias, then the activation.</summary>
internal sealed class KerasSeparableConv2D : nn.Module<Tensor, Tensor>
{
    private Parameter depthwise;
    private Parameter pointwise;
    private Parameter? bias;
    private readonly SeparableConv2D _layer;
    private readonly SamePadding _pad;
    private readonly long _channels;

    public KerasSeparableConv2D(string name, SeparableConv2D layer, long[] inputShape, bool initialize) : base(name)
    {
        _layer = layer;
        _channels = inputShape[2];
        _pad = SamePadding.For(layer.Padding, inputShape, layer.KernelSize, layer.Strides, layer.DilationRate);
        var middle = _channels * layer.DepthMultiplier;
        depthwise = nn.Parameter(empty(middle, 1, layer.KernelSize.Height, layer.KernelSize.Width));
        pointwise = nn.Parameter(empty(layer.Filters, middle, 1, 1));
        if (initialize)
        {
            Glorot.Depthwise(depthwise, layer.KernelSize, _channels, layer.DepthMultiplier);
            nn.init.xavier_uniform_(pointwise);
        }
        register_parameter(nameof(depthwise), depthwise);
        register_parameter(nameof(pointwise), pointwise);
        if (layer.UseBias)
        {
            bias = nn.Parameter(zeros(layer.Filters));
            register_parameter(nameof(bias), bias);
        }
    }

    public override Tensor forward(Tensor x)
    {
        using var padded = _pad.IsZero ? x.alias() : F.pad(x, _pad.ForPad);
        using var spread = F.conv2d(padded, depthwise, null, strides: [_layer.Strides.Height, _layer.Strides.Width],
            dilation: [_layer.DilationRate.Height, _layer.DilationRate.Width], groups: _channels);
        return Activations.Apply(F.conv2d(spread, pointwise, bias), _layer.Activation);
    }
}

/// <summary>
/// Conv2DTranspose with TensorFlow's geometry: torch's full transposed convolution (plus output padding where Keras's
/// output is longer), then the window TF keeps: it starts at ⌊(full − out)/2⌋ for same padding, at 0 for valid.
/// </summary>
internal sealed class KerasConv2DTranspose : nn.Module<Tensor, Tensor>
{
    private Parameter weight;
    private Parameter? bias;
    private readonly Conv2DTranspose _layer;
    private readonly long[] _extra, _start, _output;

    public KerasConv2DTranspose(string name, Conv2DTranspose layer, long[] inputShape, bool initialize) : base(name)
    {
        _layer = layer;
        weight = nn.Parameter(empty(inputShape[2], layer.Filters, layer.KernelSize.Height, layer.KernelSize.Width));
        if (initialize) nn.init.xavier_uniform_(weight);
        register_parameter(nameof(weight), weight);
        if (layer.UseBias)
        {
            bias = nn.Parameter(zeros(layer.Filters));
            register_parameter(nameof(bias), bias);
        }
        (_extra, _start, _output) = Geometry(layer, inputShape);
    }

    /// <summary>
    /// Per axis (height, width): the output padding torch's transposed convolution needs, where TF's window starts in
    /// its full output, and the output length (also what the ONNX export builds).
    /// </summary>
    internal static (long[] Extra, long[] Start, long[] Output) Geometry(Conv2DTranspose layer, long[] inputShape)
    {
        long[] extra = [0, 0], start = [0, 0], output = [0, 0];
        for (var axis = 0; axis < 2; axis++)
        {
            int k = axis == 0 ? layer.KernelSize.Height : layer.KernelSize.Width, s = axis == 0 ? layer.Strides.Height : layer.Strides.Width;
            int d = axis == 0 ? layer.DilationRate.Height : layer.DilationRate.Width;
            var op = axis == 0 ? layer.OutputPadding?.Height : layer.OutputPadding?.Width;
            long full = (inputShape[axis] - 1) * s + (long)d * (k - 1) + 1;
            output[axis] = Conv2DTranspose.OutputLength(inputShape[axis], k, s, d, layer.Padding, op);
            start[axis] = layer.Padding == CnnApi.Architectures.Layers.Padding.Same ? Math.Max(full - output[axis], 0) / 2 : 0;
            extra[axis] = Math.Max(start[axis] + output[axis] - full, 0);
        }
        return (extra, start, output);
    }

    public override Tensor forward(Tensor x)
    {
        using var full = F.conv_transpose2d(x, weight, bias, strides: [_layer.Strides.Height, _layer.Strides.Width],
            output_padding: _extra, dilation: [_layer.DilationRate.Height, _layer.DilationRate.Width]);
        using var rows = full.narrow(2, _start[0], _output[0]);
        return Activations.Apply(rows.narrow(3, _start[1], _output[1]).contiguous(), _layer.Activation);
    }
}

/// <summary>Keras's glorot-uniform for a depthwise kernel (kH, kW, C, dm): fan_in = kH·kW·dm, fan_out = kH·kW·C.</summary>
internal static class Glorot
{
    public static void Depthwise(Tensor weight, Size2 kernel, long channels, int multiplier)
    {
        double taps = kernel.Height * kernel.Width;
        var limit = Math.Sqrt(6.0 / (taps * multiplier + taps * channels));
        using var _ = no_grad();
        weight.uniform_(-limit, limit);
    }
}
