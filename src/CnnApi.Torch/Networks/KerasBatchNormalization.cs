using CnnApi.Architectures.Layers;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CnnApi.Torch.Networks;

/// <summary>
/// BatchNormalization over its Keras axis (the channels, dimension 1 here, unless the layer names another) with Keras's epsilon and momentum
/// (torch's momentum is the weight of the new batch: 1 − Keras momentum), gamma 1, beta 0, moving mean 0,
/// moving variance 1; gamma/beta only when scale/center. Running statistics are buffers, not parameters.
/// <see cref="Frozen"/> (the layer, or a nested model holding it, has Keras <c>trainable: false</c>) runs it in inference
/// mode even while training, as Keras 2.1+ and Keras 3 do (<c>BatchNormalization.call</c>: <c>training and self.trainable</c>):
/// normalised with the moving statistics, which are not updated.
/// </summary>
internal sealed class KerasBatchNormalization : nn.Module<Tensor, Tensor>
{
    private Parameter? weight;
    private Parameter? bias;
    private Tensor running_mean;
    private Tensor running_var;
    private readonly BatchNormalization _layer;
    private readonly int _axis;

    public KerasBatchNormalization(string name, BatchNormalization layer, long[] inputShape) : base(name)
    {
        _layer = layer;
        _axis = NetworkBuilder.Axis(layer.Axis, inputShape.Length);
        long channels = inputShape[_axis];
        if (layer.Scale)
        {
            weight = nn.Parameter(ones(channels));
            register_parameter(nameof(weight), weight);
        }
        if (layer.Center)
        {
            bias = nn.Parameter(zeros(channels));
            register_parameter(nameof(bias), bias);
        }
        running_mean = zeros(channels);
        running_var = ones(channels);
        register_buffer(nameof(running_mean), running_mean);
        register_buffer(nameof(running_var), running_var);
    }

    /// <summary>Inference mode whatever <c>train()</c>/<c>eval()</c> says (set by <see cref="NetworkBuilder"/> for frozen layers).</summary>
    public bool Frozen { get; set; }

    public override Tensor forward(Tensor x)
    {
        var training = this.training && !Frozen;
        if (Layout.Dim(_axis, (int)x.dim() - 1) == 1)
            return F.batch_norm(x, running_mean, running_var, weight, bias, training, 1 - _layer.Momentum, _layer.Epsilon);
        // Another axis: move it to dimension 1 of the Keras-ordered tensor and back.
        using var moved = Layout.ToKeras(x).movedim([_axis + 1L], [1L]).contiguous();
        using var normalised = F.batch_norm(moved, running_mean, running_var, weight, bias, training, 1 - _layer.Momentum, _layer.Epsilon);
        return Layout.FromKeras(normalised.movedim([1L], [_axis + 1L])).contiguous();
    }
}
