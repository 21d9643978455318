using CnnApi.Architectures.Layers;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CnnApi.Torch.Networks;

/// <summary>
/// Max or average pooling with Keras "same" padding: max pooling pads with -inf; average pooling divides
/// by the number of real (unpadded) cells in each window, as TensorFlow does.
/// </summary>
internal sealed class KerasPooling2D : nn.Module<Tensor, Tensor>
{
    private readonly Pooling2D _layer;
    private readonly SamePadding _pad;
    private readonly long[] _kernel, _strides;

    public KerasPooling2D(string name, Pooling2D layer, long[] inputShape) : base(name)
    {
        _layer = layer;
        _pad = SamePadding.For(layer.Padding, inputShape, layer.PoolSize, layer.Strides, Size2.Square(1));
        _kernel = [layer.PoolSize.Height, layer.PoolSize.Width];
        _strides = [layer.Strides.Height, layer.Strides.Width];
    }

    public override Tensor forward(Tensor x)
    {
        if (_layer.Kind == PoolKind.Max)
            return F.max_pool2d(_pad.IsZero ? x : F.pad(x, _pad.ForPad, value: double.NegativeInfinity), _kernel, _strides);
        if (_pad.IsZero)
            return F.avg_pool2d(x, _kernel, _strides);
        // Mean over real cells only: average of the zero-padded input over the average of a padded ones mask.
        var sums = F.avg_pool2d(F.pad(x, _pad.ForPad), _kernel, _strides);
        using var ones = torch.ones(1, 1, x.shape[2], x.shape[3], dtype: x.dtype, device: x.device);
        var counts = F.avg_pool2d(F.pad(ones, _pad.ForPad), _kernel, _strides);
        return sums.div_(counts);
    }
}
