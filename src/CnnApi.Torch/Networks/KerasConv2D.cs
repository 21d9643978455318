using CnnApi.Architectures.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CnnApi.Torch.Networks;

/// <summary>Conv2D with Keras semantics: glorot-uniform kernel, zero bias, TF "same" padding, fused activation.</summary>
internal sealed class KerasConv2D : nn.Module<Tensor, Tensor>
{
    // Field names equal the registered names: Module.to() swaps moved tensors into fields by name.
    private Parameter weight;
    private Parameter? bias;
    private readonly Conv2D _layer;
    private readonly SamePadding _pad;

    public KerasConv2D(string name, Conv2D layer, long[] inputShape, bool initialize = true) : base(name)
    {
        _layer = layer;
        _pad = SamePadding.For(layer.Padding, inputShape, layer.KernelSize, layer.Strides, layer.DilationRate);
        weight = nn.Parameter(empty(layer.Filters, inputShape[2], layer.KernelSize.Height, layer.KernelSize.Width));
        if (initialize) nn.init.xavier_uniform_(weight);
        register_parameter(nameof(weight), weight);
        if (layer.UseBias)
        {
            bias = nn.Parameter(zeros(layer.Filters));
            register_parameter(nameof(bias), bias);
        }
    }

    public override Tensor forward(Tensor x)
    {
        long[] padding = [0, 0];
        if (_pad.IsSymmetric) padding = [_pad.Top, _pad.Left];
        else x = F.pad(x, _pad.ForPad);
        var y = F.conv2d(x, weight, bias, strides: [_layer.Strides.Height, _layer.Strides.Width], padding: padding,
            dilation: [_layer.DilationRate.Height, _layer.DilationRate.Width]);
        return Activations.Apply(y, _layer.Activation);
    }
}
