using Onnx;
using CnnApi.Architectures.Layers;
using CnnApi.Torch.Networks;
using static CnnApi.Torch.Export.Onnx.OnnxGraph;

namespace CnnApi.Torch.Export.Onnx;

/// <summary>
/// The ONNX nodes of each layer, one switch over the closed set of layer records like <see cref="NetworkBuilder"/>'s,
/// computing what its TorchSharp module computes at inference (dropout, noise and augmentation layers are the identity
/// there, so they add nothing). Weights are read by the module's state-dict name (<c>{path}.weight</c>).
/// </summary>
internal sealed partial class OnnxLayers(OnnxGraph graph, IReadOnlyDictionary<string, OnnxWeight> weights)
{
    /// <summary>
    /// A straight line or graph of layers (a whole network or a nested model) on <paramref name="input"/>, call by call in
    /// the network's order: a shared layer's calls all read the same initializers.
    /// </summary>
    public OnnxValue Sequence(string prefix, IReadOnlyList<NetworkLayer> layers, OnnxValue input, bool dropFinalSoftmax)
    {
        var values = new Dictionary<string, OnnxValue>(StringComparer.Ordinal) { [NetworkCalls.InputName(layers)] = input };
        var last = input;
        foreach (var call in NetworkCalls.Of(layers))
        {
            var (name, layer, shape, outputShape) = call.Layer;
            var inputs = call.Inputs.Select(n => values[n]).ToList();
            var final = dropFinalSoftmax && call.IsLast;
            if (final && NetworkBuilder.IsSoftmax(layer, shape.Length))
                last = inputs[0];
            else if (final && layer is NestedModel nested)
                last = Nested(prefix + name, inputs[0], call.InputShape, nested, dropFinalSoftmax: true);
            else
                last = Layer(prefix + name, final ? NetworkBuilder.WithoutSoftmax(layer) : layer, call.InputShape, outputShape!, inputs);
            values[call.Key] = last;
        }
        return last;
    }

    private OnnxValue Layer(string path, Layer layer, long[] shape, long[] outputShape, IReadOnlyList<OnnxValue> inputs)
    {
        if (layer is Merge merge) return Merge(path, merge.Kind, inputs);
        if (layer is Concatenate concatenate)
        {
            var rank = inputs[0].Rank - 1;
            var axis = Layout.Dim(NetworkBuilder.Axis(concatenate.Axis, rank), rank);
            return new(graph.Node(path, "Concat", inputs.Select(v => v.Name), Int("axis", axis)), inputs[0].Rank);
        }
        if (layer is not SpatialLayer { ChannelsFirst: true })
            return Single(path, layer, shape, outputShape, inputs[0]);
        // channels_first: the torch tensor of Keras [C, H, W] is [N, W, C, H]; its Keras order is the NCHW the layer wants.
        long[] Last(long[] s) => s.Length == 3 ? [s[1], s[2], s[0]] : s;
        var inner = Single(path + ".inner", layer, Last(shape), Last(outputShape), ToKeras(path, inputs[0]));
        return FromKeras(path, inner);
    }

    private OnnxValue Single(string path, Layer layer, long[] shape, long[] outputShape, OnnxValue x)
    {
        var rank = outputShape.Length + 1;
        string Node(string op, params AttributeProto[] attributes) => graph.Node(path, op, x.Name, attributes);
        return layer switch
        {
            Conv2D c => Activate(path, Convolution(path, x, shape, c.KernelSize, c.Strides, c.DilationRate, c.Padding, 1, "weight", c.UseBias), c.Activation),
            DepthwiseConv2D d => Activate(path, Convolution(path, x, shape, d.KernelSize, d.Strides, d.DilationRate, d.Padding, shape[2], "weight", d.UseBias), d.Activation),
            SeparableConv2D s => Separable(path, x, shape, s),
            Conv2DTranspose t => Transposed(path, x, shape, t),
            Dense d => Dense(path, x, shape, d),
            Pooling2D p => Pooling(path, x, shape, p),
            GlobalPooling2D g => new(Node(g.Kind == PoolKind.Max ? "ReduceMax" : "ReduceMean", Ints("axes", 2, 3), Int("keepdims", 0)), 2),
            BatchNormalization b => BatchNorm(path, x, shape, b),
            LayerNormalization n => LayerNorm(path, x, shape, n),
            Dropout or SpatialDropout2D or GaussianNoise or GaussianDropout or RandomAugmentation => x,
            Flatten f => Flatten(path, x, f),
            Activation a => Activate(path, x, a.Kind),
            ReLU r => Relu(path, x, r),
            LeakyReLU r => new(Node("LeakyRelu", Float("alpha", r.NegativeSlope)), rank),
            ELU e => new(Node("Elu", Float("alpha", e.Alpha)), rank),
            PReLU => new(graph.Node(path, "PRelu", [x.Name, Weight(path, "alpha")]), rank),
            Softmax s => new(Node("Softmax", Int("axis", Layout.Dim(NetworkBuilder.Axis(s.Axis, shape.Length), shape.Length))), rank),
            Rescaling r => Rescale(path, x, r),
            ZeroPadding2D z => new(graph.Node(path, "Pad", [x.Name, graph.Longs(path, "pads", 0, 0, z.Padding.Top, z.Padding.Left, 0, 0, z.Padding.Bottom, z.Padding.Right)]), 4),
            Cropping2D c => Crop(path, x, c.Cropping.Top, shape[0] - c.Cropping.Bottom, c.Cropping.Left, shape[1] - c.Cropping.Right),
            UpSampling2D u => Upsample(path, x, shape, u),
            Resizing r => Resize(path, x, shape, r),
            Reshape r => Reshape(path, x, r, rank),
            Permute p => FromKeras(path, new(graph.Node(path, "Transpose", ToKeras(path, x).Name, Ints("perm", [0, .. p.Dims.Select(d => (long)d)])), x.Rank)),
            NestedModel n => Nested(path, x, shape, n, dropFinalSoftmax: false),
            _ => throw new ArgumentException($"layer {path}: {layer.KerasClass} has no ONNX export", nameof(layer)),
        };
    }

    private OnnxValue Merge(string path, MergeKind kind, IReadOnlyList<OnnxValue> inputs)
    {
        // As Merges.Apply: inputs of different ranks broadcast in Keras's axis order.
        var sameRank = inputs.All(v => v.Rank == inputs[0].Rank);
        var rank = inputs.Max(v => v.Rank);
        // A lower-rank input gets axes after the batch ([N, C] as [N, 1, 1, C]): ONNX alone would align it from the right.
        var xs = inputs.Select(v => sameRank ? v : ToKeras(path, v))
            .Select(v => v.Rank == rank ? v
                : new OnnxValue(graph.Node(path, "Unsqueeze", [v.Name, graph.Longs(path, "axes", [.. Enumerable.Range(1, rank - v.Rank).Select(a => (long)a)])]), rank))
            .ToList();
        string Chain(string op) => xs.Skip(1).Aggregate(xs[0].Name, (a, b) => graph.Node(path, op, [a, b.Name]));
        var y = kind switch
        {
            MergeKind.Add => Chain("Add"),
            MergeKind.Subtract => graph.Node(path, "Sub", [xs[0].Name, xs[1].Name]),
            MergeKind.Multiply => Chain("Mul"),
            MergeKind.Average => graph.Node(path, "Div", [Chain("Add"), graph.Scalar(path, "count", xs.Count)]),
            MergeKind.Maximum => Chain("Max"),
            MergeKind.Minimum => Chain("Min"),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown merge"),
        };
        return sameRank ? new(y, rank) : FromKeras(path, new(y, rank));
    }

    /// <summary>A nested model; as the model's last layer it drops its own final softmax, as <see cref="NetworkBuilder"/> builds it.</summary>
    private OnnxValue Nested(string path, OnnxValue x, long[] shape, NestedModel nested, bool dropFinalSoftmax)
    {
        var inner = nested.Summarize(shape).Summary ?? throw new ArgumentException($"layer {path}: the nested model does not fit {string.Join("x", shape)}");
        return Sequence(path + ".", NetworkLayers.From(inner), x, dropFinalSoftmax);
    }

    /// <summary>A Keras activation on NCHW or [N, features] (as <c>Activations.Apply</c>: softmax on dimension 1).</summary>
    private OnnxValue Activate(string path, OnnxValue x, ActivationKind kind)
    {
        string Node(string op, params AttributeProto[] attributes) => graph.Node(path, op, x.Name, attributes);
        var y = kind switch
        {
            ActivationKind.Linear => x.Name,
            ActivationKind.Relu => Node("Relu"),
            ActivationKind.Sigmoid => Node("Sigmoid"),
            ActivationKind.Tanh => Node("Tanh"),
            ActivationKind.Softmax => Node("Softmax", Int("axis", 1)),
            ActivationKind.Elu => Node("Elu", Float("alpha", 1)),
            ActivationKind.Selu => Node("Selu"),
            // torch's exact gelu, x·Φ(x) = 0.5·x·(1 + erf(x/√2)): opset 17 has no Gelu.
            ActivationKind.Gelu => graph.Node(path, "Mul", [graph.Node(path, "Mul", [x.Name,
                graph.Node(path, "Add", [graph.Node(path, "Erf", [graph.Node(path, "Div", [x.Name, graph.Scalar(path, "sqrt2", Math.Sqrt(2))])]), graph.Scalar(path, "one", 1)])]),
                graph.Scalar(path, "half", 0.5)]),
            ActivationKind.LeakyRelu => Node("LeakyRelu", Float("alpha", 0.2)),
            ActivationKind.Silu => graph.Node(path, "Mul", [x.Name, Node("Sigmoid")]),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown activation"),
        };
        return x with { Name = y };
    }

    private OnnxValue Relu(string path, OnnxValue x, ReLU layer)
    {
        string y;
        if (layer is { NegativeSlope: 0, Threshold: 0 })
            y = graph.Node(path, "Relu", x.Name);
        else
        {
            var threshold = graph.Scalar(path, "threshold", layer.Threshold);
            var below = graph.Node(path, "Mul", [graph.Node(path, "Sub", [x.Name, threshold]), graph.Scalar(path, "slope", layer.NegativeSlope)]);
            y = graph.Node(path, "Where", [graph.Node(path, "GreaterOrEqual", [x.Name, threshold]), x.Name, below]);
        }
        if (layer.MaxValue is { } max)
            y = graph.Node(path, "Min", [y, graph.Scalar(path, "max", max)]);
        return x with { Name = y };
    }

    private OnnxValue Rescale(string path, OnnxValue x, Rescaling r) => x with
    {
        Name = graph.Node(path, "Add", [graph.Node(path, "Mul", [x.Name, graph.Scalar(path, "scale", r.Scale)]), graph.Scalar(path, "offset", r.Offset)]),
    };

    /// <summary>A weight by its state-dict name, in the shape it has there.</summary>
    private string Weight(string path, string name)
    {
        var key = $"{path}.{name}";
        if (_initializers.TryGetValue(key, out var existing))
            return existing;   // a shared layer's later call: the same weights
        var weight = weights[key];
        return _initializers[key] = graph.Floats(path, name, weight.Data, weight.Shape);
    }

    /// <summary>A constant derived from a layer's weights (a transposed kernel, a folded scale), made once for every call of a shared layer.</summary>
    private string Derived(string path, string what, Func<float[]> values, params long[] dims)
    {
        var key = $"{path}/{what}";
        return _initializers.TryGetValue(key, out var existing) ? existing : _initializers[key] = graph.Floats(path, what, values(), dims);
    }

    private readonly Dictionary<string, string> _initializers = new(StringComparer.Ordinal);

    private OnnxValue ToKeras(string path, OnnxValue x) => x.Rank == 4 ? x with { Name = graph.Node(path, "Transpose", x.Name, Ints("perm", 0, 2, 3, 1)) } : x;

    private OnnxValue FromKeras(string path, OnnxValue x) => x.Rank == 4 ? x with { Name = graph.Node(path, "Transpose", x.Name, Ints("perm", 0, 3, 1, 2)) } : x;
}
