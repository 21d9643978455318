using CnnApi.Architectures.Layers;
using CnnApi.Architectures.Spec;
using TorchSharp;
using Sequential = TorchSharp.Modules.Sequential;
using static TorchSharp.torch;

namespace CnnApi.Torch.Networks;

/// <summary>
/// Builds the TorchSharp network of an architecture: a <see cref="Sequential"/> whose children carry the
/// Keras layer names, so saved weights are keyed <c>conv2d.weight</c>, <c>dense_1.bias</c>, …
/// The network works in NCHW and returns logits: a final softmax is left out (the loss works on logits;
/// <see cref="Inference.Predictor"/> applies softmax).
/// </summary>
public static class NetworkBuilder
{
    /// <summary>Builds from an architecture, naming and shaping its layers as Keras does.</summary>
    public static Sequential Build(Architecture architecture) => Build(NetworkLayers.From(architecture));

    /// <summary>
    /// Builds from named, shaped layers. With <paramref name="initialize"/>, kernels are glorot-uniform from
    /// torch's global generator (call <c>torch.manual_seed</c> first for reproducible ones). Without it they
    /// are left uninitialised and the generator is not touched: for loading weights right after, so that a
    /// model load never shifts the random stream of a training run on another thread.
    /// </summary>
    public static Sequential Build(IReadOnlyList<NetworkLayer> layers, bool initialize = true)
    {
        var modules = new List<(string, nn.Module<Tensor, Tensor>)>(layers.Count);
        for (int i = 0; i < layers.Count; i++)
        {
            var (name, layer, shape, _) = layers[i];
            bool last = i == layers.Count - 1;
            if (last && layer is Activation { Kind: ActivationKind.Softmax }) break;
            if (last) layer = WithoutSoftmax(layer);
            modules.Add((name, Create(name, layer, shape, initialize)));
        }
        return nn.Sequential(modules);
    }

    private static Layer WithoutSoftmax(Layer layer) => layer switch
    {
        Dense { Activation: ActivationKind.Softmax } d => d with { Activation = ActivationKind.Linear },
        Conv2D { Activation: ActivationKind.Softmax } c => c with { Activation = ActivationKind.Linear },
        _ => layer,
    };

    private static nn.Module<Tensor, Tensor> Create(string name, Layer layer, long[] shape, bool initialize) => layer switch
    {
        Conv2D c => new KerasConv2D(name, c, shape, initialize),
        Dense d => new KerasDense(name, d, shape, initialize),
        Pooling2D p => new KerasPooling2D(name, p, shape),
        GlobalPooling2D g => new KerasGlobalPooling2D(name, g.Kind),
        BatchNormalization b => new KerasBatchNormalization(name, b, shape),
        Dropout d => nn.Dropout(d.Rate),
        Flatten => new KerasFlatten(name),
        Activation a => new KerasActivation(name, a.Kind),
        _ => throw new ArgumentException($"layer {name}: {layer.KerasClass} is not supported by the trainer", nameof(layer)),
    };
}
