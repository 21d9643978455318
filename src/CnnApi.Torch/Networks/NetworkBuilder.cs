using CnnApi.Architectures.Layers;
using CnnApi.Architectures.Spec;
using CnnApi.Architectures.Summaries;
using TorchSharp;
using static TorchSharp.torch;

namespace CnnApi.Torch.Networks;

/// <summary>
/// Builds the TorchSharp network of an architecture (see <see cref="KerasNetwork"/>): one module per layer, made by
/// one switch over the closed set of layer records (<see cref="Create"/>), failing loudly on a layer it does not know.
/// The network holds tensors as <see cref="Layout"/> says (NCHW for channels-last images) and returns logits: a final
/// softmax is left out (the loss works on logits; <see cref="Inference.Predictor"/> applies softmax).
/// Frozen layers (Keras <c>trainable: false</c>) get parameters that do not require gradients. A shared layer (called
/// several times in a graph) is one module run by one node per call: its weights are shared and counted once.
/// </summary>
public static class NetworkBuilder
{
    /// <summary>Builds from an architecture, naming and shaping its layers as Keras does.</summary>
    public static KerasNetwork Build(Architecture architecture) => Build(NetworkLayers.From(architecture));

    /// <summary>
    /// Builds from named, shaped layers. With <paramref name="initialize"/>, kernels are glorot-uniform from
    /// torch's global generator (call <c>torch.manual_seed</c> first for reproducible ones). Without it they
    /// are left uninitialised and the generator is not touched: for loading weights right after, so that a
    /// model load never shifts the random stream of a training run on another thread.
    /// </summary>
    public static KerasNetwork Build(IReadOnlyList<NetworkLayer> layers, bool initialize = true)
        => Build("network", layers, initialize, dropFinalSoftmax: true, channelsFirstInput: ChannelsFirst(layers));

    /// <summary>As <see cref="Summarizer.ChannelsFirst(Architecture)"/>: the first layer that reads a data format reads channels_first.</summary>
    public static bool ChannelsFirst(IReadOnlyList<NetworkLayer> layers) => Summarizer.ChannelsFirst(layers.Select(l => l.Layer));

    internal static KerasNetwork Build(string name, IReadOnlyList<NetworkLayer> layers, bool initialize, bool dropFinalSoftmax,
        bool channelsFirstInput = false)
    {
        var input = NetworkCalls.InputName(layers);
        var nodes = new List<KerasNetwork.Node>();
        var modules = new List<(string, nn.Module)>();
        var forwards = new Dictionary<string, Func<IReadOnlyList<Tensor>, Tensor>>(StringComparer.Ordinal);
        // Calls run in the model's order: a shared layer's later calls come after the layers they read, and reuse its module.
        foreach (var call in NetworkCalls.Of(layers))
        {
            var (layerName, layer, shape, _) = call.Layer;
            if (!call.IsFirst)
            {
                nodes.Add(new(call.Key, call.Inputs, forwards[layerName]));
                continue;
            }
            bool last = call.IsLast && dropFinalSoftmax;
            if (last && IsSoftmax(layer, shape.Length))
            {
                nodes.Add(new(layerName, call.Inputs, forwards[layerName] = x => x[0]));
                continue;
            }
            if (last) layer = WithoutSoftmax(layer);
            var (forward, module) = last && layer is NestedModel nested
                ? Forwarded(Nested(layerName, nested, shape, initialize, dropFinalSoftmax: true))
                : Create(layerName, layer, shape, initialize);
            if (module is not null)
            {
                modules.Add((layerName, module));
                if (!layer.Trainable)
                    Freeze(module);
            }
            nodes.Add(new(layerName, call.Inputs, forwards[layerName] = forward));
        }
        // Registered in the layers' order (the state_dict's and the weights file's order), whatever the order of calls.
        var order = layers.Select((l, i) => (l.Name, i)).ToDictionary(p => p.Name, p => p.i, StringComparer.Ordinal);
        return new KerasNetwork(name, input, nodes, modules.OrderBy(m => order[m.Item1]))
            { ChannelsFirstInput = channelsFirstInput };
    }

    /// <summary>
    /// Keras <c>trainable: false</c> on a layer or a nested model: no gradients for its parameters, and every
    /// BatchNormalization in it runs in inference mode (moving statistics used, not updated), as in Keras 2.1+/3.
    /// </summary>
    private static void Freeze(nn.Module module)
    {
        foreach (var p in module.parameters()) p.requires_grad = false;
        foreach (var m in module.modules().Prepend(module).OfType<KerasBatchNormalization>())
            m.Frozen = true;
    }

    /// <summary>A final layer that is only a softmax on the last axis, left out of the network.</summary>
    internal static bool IsSoftmax(Layer layer, int rank) =>
        layer is Activation { Kind: ActivationKind.Softmax } || layer is Softmax s && Axis(s.Axis, rank) == rank - 1;

    /// <summary>The layer with a softmax activation made linear (the network returns logits).</summary>
    internal static Layer WithoutSoftmax(Layer layer) => layer switch
    {
        Dense { Activation: ActivationKind.Softmax } d => d with { Activation = ActivationKind.Linear },
        Conv2D { Activation: ActivationKind.Softmax } c => c with { Activation = ActivationKind.Linear },
        SeparableConv2D { Activation: ActivationKind.Softmax } s => s with { Activation = ActivationKind.Linear },
        DepthwiseConv2D { Activation: ActivationKind.Softmax } d => d with { Activation = ActivationKind.Linear },
        Conv2DTranspose { Activation: ActivationKind.Softmax } t => t with { Activation = ActivationKind.Linear },
        _ => layer,
    };

    /// <summary>The forward function of one layer and the module holding its weights or state (null for merges).</summary>
    internal static (Func<IReadOnlyList<Tensor>, Tensor> Forward, nn.Module? Module) Create(string name, Layer layer, long[] shape, bool initialize)
    {
        if (layer is Merge m)
            return (x => Merges.Apply(m.Kind, x), null);
        if (layer is Concatenate c)
            return (x => Merges.Concatenate(c.Axis, x), null);
        var module = Single(name, layer, layer is SpatialLayer { ChannelsFirst: true } ? [shape[1], shape[2], shape[0]] : shape, initialize);
        if (layer is SpatialLayer { ChannelsFirst: true })
            module = new ChannelsFirst(name, module);
        return (x => module.call(x[0]), module);
    }

    private static nn.Module<Tensor, Tensor> Single(string name, Layer layer, long[] shape, bool initialize) => layer switch
    {
        Conv2D c => new KerasConv2D(name, c, shape, initialize),
        SeparableConv2D s => new KerasSeparableConv2D(name, s, shape, initialize),
        DepthwiseConv2D d => new KerasDepthwiseConv2D(name, d, shape, initialize),
        Conv2DTranspose t => new KerasConv2DTranspose(name, t, shape, initialize),
        Dense d => new KerasDense(name, d, shape, initialize),
        Pooling2D p => new KerasPooling2D(name, p, shape),
        GlobalPooling2D g => new KerasGlobalPooling2D(name, g.Kind),
        BatchNormalization b => new KerasBatchNormalization(name, b, shape),
        LayerNormalization n => new KerasLayerNormalization(name, n, shape),
        Dropout d => new KerasDropout(name, d.Rate),
        SpatialDropout2D d => new KerasSpatialDropout(name, d.Rate),
        GaussianNoise n => new KerasGaussianNoise(name, n.Stddev),
        GaussianDropout d => new KerasGaussianDropout(name, d.Rate),
        Flatten f => new KerasFlatten(name, f.ChannelsFirst),
        Activation a => new KerasActivation(name, a.Kind),
        ReLU r => new KerasReLU(name, r),
        LeakyReLU r => new KerasElementwise(name, x => nn.functional.leaky_relu(x, r.NegativeSlope)),
        ELU e => new KerasElementwise(name, x => nn.functional.elu(x, e.Alpha)),
        PReLU p => new KerasPReLU(name, p, shape),
        Softmax s => new KerasElementwise(name, x => nn.functional.softmax(x, Layout.Dim(Axis(s.Axis, shape.Length), shape.Length))),
        Rescaling r => new KerasElementwise(name, x =>
        {
            using var scale = r.Scale.ToScalar();
            using var offset = r.Offset.ToScalar();
            using var scaled = x.mul(scale);
            return scaled.add(offset);
        }),
        ZeroPadding2D z => new KerasZeroPadding2D(name, z.Padding),
        Cropping2D c => new KerasCropping2D(name, c.Cropping),
        UpSampling2D u => new KerasUpSampling2D(name, u),
        Resizing r => new KerasResizing(name, r),
        Reshape r => new KerasReshape(name, r.TargetShape),
        Permute p => new KerasPermute(name, p.Dims),
        RandomFlip f => new KerasRandomFlip(name, f.Mode),
        RandomRotation r => new KerasRandomAffine(name, r),
        RandomTranslation t => new KerasRandomAffine(name, t),
        RandomZoom z => new KerasRandomAffine(name, z),
        NestedModel n => Nested(name, n, shape, initialize),
        _ => throw new ArgumentException($"layer {name}: {layer.KerasClass} is not supported by the trainer", nameof(layer)),
    };

    /// <summary>A Keras axis (−1 = last) as an index without batch.</summary>
    internal static int Axis(int axis, int rank) => axis < 0 ? rank + axis : axis - 1;

    private static (Func<IReadOnlyList<Tensor>, Tensor>, nn.Module) Forwarded(nn.Module<Tensor, Tensor> module) => (x => module.call(x[0]), module);

    /// <summary>A nested model's network; as the model's last layer it drops its own final softmax (the output is logits).</summary>
    private static KerasNetwork Nested(string name, NestedModel nested, long[] shape, bool initialize, bool dropFinalSoftmax = false)
    {
        var inner = nested.Summarize(shape).Summary ?? throw new ArgumentException($"layer {name}: the nested model does not fit {string.Join("x", shape)}");
        return Build(name, NetworkLayers.From(inner), initialize, dropFinalSoftmax);
    }
}
