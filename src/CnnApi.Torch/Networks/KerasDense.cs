using CnnApi.Architectures.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CnnApi.Torch.Networks;

/// <summary>
/// Dense with Keras semantics: glorot-uniform kernel, zero bias, applied to the last Keras axis. On an
/// image-shaped input (NCHW here) that is the channel axis, so it runs on the NHWC view.
/// </summary>
internal sealed class KerasDense : nn.Module<Tensor, Tensor>
{
    private Parameter weight;
    private Parameter? bias;
    private readonly ActivationKind _activation;

    public KerasDense(string name, Dense layer, long[] inputShape, bool initialize = true) : base(name)
    {
        _activation = layer.Activation;
        weight = nn.Parameter(empty(layer.Units, inputShape[^1]));
        if (initialize) nn.init.xavier_uniform_(weight);
        register_parameter(nameof(weight), weight);
        if (layer.UseBias)
        {
            bias = nn.Parameter(zeros(layer.Units));
            register_parameter(nameof(bias), bias);
        }
    }

    public override Tensor forward(Tensor x)
    {
        var y = x.dim() == 4
            ? F.linear(x.permute(0, 2, 3, 1), weight, bias).permute(0, 3, 1, 2)
            : F.linear(x, weight, bias);
        return Activations.Apply(y, _activation);
    }
}
