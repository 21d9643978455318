using CnnApi.Architectures.Layers;
using CnnApi.Architectures.Spec;

namespace CnnApi.Torch.Tests.Export;

/// <summary>
/// MNIST-shaped networks ([28, 28, 1] in, 10 out) that between them use every layer type a summary accepts, channels_first
/// variants, graphs with every merge (including merges of different ranks) and nested Sequential and Functional models.
/// The export tests run each with random weights (random running statistics and PReLU slopes too).
/// </summary>
internal static class CoverageNetworks
{
    private static readonly Size2 One = Size2.Square(1), Two = Size2.Square(2), Three = Size2.Square(3);
    private static readonly int[] Mnist = [28, 28, 1];

    private static Conv2D Conv(int filters, int kernel = 3, int stride = 1, Padding padding = Padding.Valid,
        ActivationKind activation = ActivationKind.Relu, int dilation = 1, bool bias = true) =>
        new(filters, Size2.Square(kernel), Size2.Square(stride), padding, activation, bias, Size2.Square(dilation));

    public static IReadOnlyList<Architecture> All { get; } =
    [
        new("convolutions", Mnist,
        [
            Conv(4, stride: 2, padding: Padding.Same),  // 28 → 14 with TF's asymmetric padding (0 top, 1 bottom)
            new DepthwiseConv2D(Three, One, Padding.Same, 2, ActivationKind.Linear, true, One),
            new SeparableConv2D(5, Three, Two, Padding.Same, 1, ActivationKind.Elu, true, One),
            new Conv2DTranspose(3, Three, Two, Padding.Same, null, ActivationKind.Selu, true, One),
            new Conv2DTranspose(3, Size2.Square(2), Two, Padding.Valid, One, ActivationKind.Linear, false, One),
            Conv(4, kernel: 2, dilation: 2, activation: ActivationKind.Gelu),
            new DepthwiseConv2D(new Size2(3, 2), new Size2(2, 1), Padding.Valid, 1, ActivationKind.Silu, false, One),
            new SeparableConv2D(3, Three, One, Padding.Valid, 2, ActivationKind.Tanh, false, Size2.Square(2)),
            new Flatten(), new Dense(10, ActivationKind.Softmax, true),
        ]),
        new("pooling-normalisation", Mnist,
        [
            Conv(6, kernel: 5, activation: ActivationKind.Tanh),
            new Pooling2D(PoolKind.Max, Three, Two, Padding.Same),
            new BatchNormalization(),
            new Pooling2D(PoolKind.Average, Three, Two, Padding.Same),
            new BatchNormalization(Epsilon: 0.01, Center: false) { Axis = 1 },
            new Pooling2D(PoolKind.Average, Two, One, Padding.Valid),
            new Pooling2D(PoolKind.Max, Two, One, Padding.Valid),
            new LayerNormalization([-1]),
            new LayerNormalization([1, 2], Epsilon: 1e-5, Scale: false),
            new GlobalPooling2D(PoolKind.Max),
            new BatchNormalization(Scale: false),
            new Dense(10, ActivationKind.Sigmoid, true), new Softmax(),
        ]),
        new("activations-regularisation", Mnist,
        [
            new Rescaling(2, -1), new GaussianNoise(0.2), Conv(4, activation: ActivationKind.Linear),
            new Activation(ActivationKind.Sigmoid), new Activation(ActivationKind.Tanh), new Activation(ActivationKind.Elu),
            new Activation(ActivationKind.Selu), new Activation(ActivationKind.Gelu), new Activation(ActivationKind.LeakyRelu),
            new Activation(ActivationKind.Silu), new Activation(ActivationKind.Linear), new Activation(ActivationKind.Relu),
            new Activation(ActivationKind.Softmax), new Rescaling(4, -1),
            new ReLU(6), new ReLU(null, 0.1, 0.2), new ReLU(1.5, 0.05, -0.1), new LeakyReLU(0.3), new ELU(0.7),
            new PReLU([1, 2]), new PReLU([]), new Softmax(1), new Rescaling(5),
            new Dropout(0.5), new SpatialDropout2D(0.3), new GaussianDropout(0.2),
            new RandomFlip(), new RandomRotation(new FactorRange(-0.1, 0.1)),
            new RandomTranslation(new FactorRange(-0.1, 0.1), new FactorRange(0, 0.2)), new RandomZoom(new FactorRange(-0.2, 0.2), null),
            new Flatten(), new Dense(10, ActivationKind.Linear, false),
        ]),
        new("resampling-reshaping", Mnist,
        [
            new ZeroPadding2D(new Margins(1, 0, 2, 1)), new Cropping2D(new Margins(2, 1, 0, 3)),   // 28×28 → 26×28
            new UpSampling2D(Two), new Resizing(20, 16, Interpolation.Bilinear, CropToAspectRatio: true),
            new UpSampling2D(new Size2(1, 2), Interpolation.Bilinear), new Resizing(14, 12, Interpolation.Nearest),
            Conv(3), new Dense(4, ActivationKind.Relu, true),   // Dense on an image: per pixel
            new Permute([2, 1, 3]), new Reshape([-1, 8]), new Dense(5, ActivationKind.Tanh, true),
            new Permute([2, 1]), new Reshape([5, 5, -1]), new Resizing(6, 4, Interpolation.Bilinear, CropToAspectRatio: true),
            new Flatten(), new Dense(10, ActivationKind.Softmax, true),
        ]),
        new("channels-first", [1, 28, 28],   // the first spatial layer reads channels_first: so does the model's input
        [
            Conv(4, stride: 2, padding: Padding.Same) with { ChannelsFirst = true },
            new BatchNormalization { Axis = 1 },
            new Pooling2D(PoolKind.Max, Three, Two, Padding.Same) { ChannelsFirst = true },
            new DepthwiseConv2D(Three, One, Padding.Same, 2, ActivationKind.Relu, true, One) { ChannelsFirst = true },
            new SeparableConv2D(5, Three, One, Padding.Valid, 1, ActivationKind.Relu, true, One) { ChannelsFirst = true },
            new Conv2DTranspose(3, Three, Two, Padding.Same, null, ActivationKind.Relu, true, One) { ChannelsFirst = true },
            new ZeroPadding2D(new Margins(1, 2, 0, 1)) { ChannelsFirst = true },
            new Cropping2D(new Margins(0, 1, 1, 0)) { ChannelsFirst = true },
            new UpSampling2D(Two) { ChannelsFirst = true },
            new Resizing(9, 7) { ChannelsFirst = true },
            new Pooling2D(PoolKind.Average, Two, Two, Padding.Same) { ChannelsFirst = true },
            new SpatialDropout2D(0.2) { ChannelsFirst = true },
            new RandomFlip { ChannelsFirst = true },
            new Flatten { ChannelsFirst = true },
            new Dense(10, ActivationKind.Softmax, true),
        ]),
        Graph(),
        Nested(),
        // Issue 11's Keras coverage: shared layers, a channels_first input, frozen BatchNormalization, a final Softmax layer.
        Read("""
            {"name":"shared-layers","inputShape":[28,28,1],"layers":[
              {"type":"Conv2D","name":"stem","filters":4,"kernelSize":3,"strides":2,"padding":"same","activation":"relu","inputs":"input_1"},
              {"type":"MaxPooling2D","name":"pool","poolSize":3,"strides":1,"padding":"same","inputs":"stem"},
              {"type":"Conv2D","name":"shared_conv","filters":4,"kernelSize":3,"padding":"same","activation":"tanh","inputs":"stem"},
              {"call":"shared_conv","inputs":"pool"},
              {"type":"Add","name":"sum","inputs":["shared_conv","shared_conv[1]"]},
              {"type":"BatchNormalization","name":"bn","inputs":"sum"},
              {"call":"shared_conv","inputs":"bn"},
              {"type":"Flatten","name":"flat","inputs":"shared_conv[2]"},
              {"type":"Dense","name":"hidden","units":16,"activation":"relu","inputs":"flat"},
              {"type":"Dense","name":"shared_dense","units":16,"activation":"elu","inputs":"hidden"},
              {"call":"shared_dense","inputs":"shared_dense"},
              {"type":"Dense","name":"out","units":10,"activation":"softmax","inputs":"shared_dense[1]"}]}
            """),
        Read("""
            {"name":"frozen-batchnorm","inputShape":[28,28,1],"layers":[
              {"type":"Conv2D","filters":4,"kernelSize":3,"strides":2},
              {"type":"BatchNormalization","trainable":false},
              {"type":"ReLU"},
              {"type":"Conv2D","filters":4,"kernelSize":3,"trainable":false},
              {"type":"BatchNormalization","center":false,"trainable":false},
              {"type":"GlobalAveragePooling2D"},
              {"type":"Dense","units":10,"activation":"softmax"}]}
            """),
        Read("""
            {"name":"softmax-layer","inputShape":[28,28,1],"layers":[
              {"type":"Conv2D","filters":4,"kernelSize":3,"strides":2,"activation":"relu"},
              {"type":"Flatten"},
              {"type":"Dense","units":10},
              {"type":"Softmax","axis":-1}]}
            """),
    ];

    private static Architecture Read(string json) =>
        ArchitectureReader.Read(json).Architecture ?? throw new ArgumentException($"invalid coverage network: {json}");

    private static Architecture Graph()
    {
        var input = Architecture.DefaultInputName;
        (string Name, Layer Layer, string[] Inputs)[] graph =
        [
            ("a", Conv(4, stride: 2, padding: Padding.Same), [input]),
            ("b", Conv(4, stride: 2, padding: Padding.Same, activation: ActivationKind.Tanh), [input]),
            ("add", new Merge(MergeKind.Add), ["a", "b"]),
            ("subtract", new Merge(MergeKind.Subtract), ["a", "add"]),
            ("multiply", new Merge(MergeKind.Multiply), ["a", "b", "subtract"]),
            ("average", new Merge(MergeKind.Average), ["add", "multiply"]),
            ("maximum", new Merge(MergeKind.Maximum), ["a", "average", "b"]),
            ("minimum", new Merge(MergeKind.Minimum), ["maximum", "subtract"]),
            ("concat_channels", new Concatenate(), ["minimum", "a", "b"]),
            ("concat_rows", new Concatenate(1), ["concat_channels", "concat_channels"]),
            ("gap", new GlobalPooling2D(PoolKind.Max), ["concat_channels"]),
            ("scale", new Dense(12, ActivationKind.Sigmoid, true), ["gap"]),
            ("broadcast", new Merge(MergeKind.Multiply), ["concat_channels", "scale"]),   // [14, 14, 12] × [12]
            ("gap_cf", new GlobalPooling2D(PoolKind.Average) { ChannelsFirst = true }, ["concat_rows"]),
            ("flat", new Flatten(), ["broadcast"]),
            ("joined", new Concatenate(), ["flat", "gap_cf"]),
            ("predictions", new Dense(10, ActivationKind.Softmax, true), ["joined"]),
        ];
        return new Architecture("graph-merges", Mnist, graph.Select(g => g.Layer).ToList())
        {
            Graph = graph.Select(g => new Wiring(g.Name, g.Inputs)).ToList(),
        };
    }

    private static Architecture Nested()
    {
        var innermost = new Architecture("innermost", [], [Conv(3, padding: Padding.Same), new BatchNormalization()]);
        var branchInput = Architecture.DefaultInputName;
        var branch = new Architecture("branch", [14, 14, 4], [Conv(4, padding: Padding.Same), new NestedModel(innermost, "Sequential"), Conv(4, kernel: 1), new Merge(MergeKind.Add)])
        {
            Graph = [new("c1", [branchInput]), new("inner", ["c1"]), new("c2", ["inner"]), new("sum", [branchInput, "c2"])],
        };
        return new Architecture("nested", Mnist,
        [
            Conv(4, stride: 2, padding: Padding.Same), new NestedModel(branch, "Functional"),
            new NestedModel(new Architecture("head", [], [new GlobalPooling2D(PoolKind.Average), new Dense(10, ActivationKind.Softmax, true)]), "Sequential"),
        ]);
    }
}
