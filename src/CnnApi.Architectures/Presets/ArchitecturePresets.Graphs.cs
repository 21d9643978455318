using CnnApi.Architectures.Layers;
using CnnApi.Architectures.Spec;

namespace CnnApi.Architectures.Presets;

/// <summary>The presets beyond a plain stack of Conv2D: a residual graph and a depthwise-separable network.</summary>
public static partial class ArchitecturePresets
{
    // Properties, not fields: All (in the other part) is initialised first and uses them.
    private static Size2 One => Size2.Square(1);
    private static Size2 Three => Size2.Square(3);

    // stem 160, block1 2,320 + 2,320, block2 4,640 + 9,248, shortcut 16·32+32 = 544, dense 32·10+10 = 330.
    private static Architecture Residual()
    {
        var input = Architecture.DefaultInputName;
        (string Name, Layer Layer, string[] Inputs)[] graph =
        [
            ("stem", Same(16, ActivationKind.Relu), [input]),
            ("block1_conv1", Same(16, ActivationKind.Relu), ["stem"]),
            ("block1_conv2", Same(16, ActivationKind.Linear), ["block1_conv1"]),
            ("block1_add", new Merge(MergeKind.Add), ["stem", "block1_conv2"]),
            ("block1_relu", new Activation(ActivationKind.Relu), ["block1_add"]),
            ("pool", MaxPool(), ["block1_relu"]),
            ("block2_conv1", Same(32, ActivationKind.Relu), ["pool"]),
            ("block2_conv2", Same(32, ActivationKind.Linear), ["block2_conv1"]),
            ("block2_shortcut", new Conv2D(32, One, One, Padding.Valid, ActivationKind.Linear, true, One), ["pool"]),
            ("block2_add", new Merge(MergeKind.Add), ["block2_shortcut", "block2_conv2"]),
            ("block2_relu", new Activation(ActivationKind.Relu), ["block2_add"]),
            ("gap", new GlobalPooling2D(PoolKind.Average), ["block2_relu"]),
            ("predictions", new Dense(10, ActivationKind.Softmax, true), ["gap"]),
        ];
        return new Architecture("mnist-residual", Mnist, graph.Select(g => g.Layer).ToList())
        {
            Graph = graph.Select(g => new Wiring(g.Name, g.Inputs)).ToList(),
        };
    }

    // conv 160, separable 9·16 + 16·32 + 32 = 688, BN 128 (64 moving), separable 9·32 + 32·64 + 64 = 2,400,
    // depthwise 9·64 + 64 = 640, dense 64·10 + 10 = 650.
    private static Architecture Separable() => new("mnist-separable", Mnist,
    [
        new Conv2D(16, Three, One, Padding.Valid, ActivationKind.Relu, true, One),
        new SeparableConv2D(32, Three, One, Padding.Same, 1, ActivationKind.Relu, true, One),
        new BatchNormalization(),
        MaxPool(),
        new SeparableConv2D(64, Three, One, Padding.Same, 1, ActivationKind.Relu, true, One),
        MaxPool(),
        new DepthwiseConv2D(Three, One, Padding.Same, 1, ActivationKind.Relu, true, One),
        new GlobalPooling2D(PoolKind.Average),
        new Dropout(0.3),
        new Dense(10, ActivationKind.Softmax, true),
    ]);

    private static Conv2D Same(int filters, ActivationKind activation) => new(filters, Three, One, Padding.Same, activation, true, One);
}
