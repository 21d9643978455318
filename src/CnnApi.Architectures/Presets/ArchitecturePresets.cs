using CnnApi.Architectures.Layers;
using CnnApi.Architectures.Spec;

namespace CnnApi.Architectures.Presets;

/// <summary>
/// The built-in architectures offered by <c>GET /api/v1/architectures/presets</c> and usable by name for training.
/// (Not called <c>Presets</c>: a class named like its namespace would shadow it in callers.)
/// </summary>
public static partial class ArchitecturePresets
{
    private static readonly int[] Mnist = [28, 28, 1];

    /// <summary>Every preset, in a stable order.</summary>
    public static IReadOnlyList<Preset> All { get; } =
    [
        new("seed-valid",
            "The seed notebook's model with valid padding: three 3×3 Conv2D(32, relu) shrinking 28→26→24→22, Flatten, " +
            "Dense(128, relu), Dense(10, softmax); 2,002,698 parameters.",
            Seed("seed-valid", Padding.Valid)),
        new("seed-same",
            "The seed notebook's model with same padding: the three Conv2D(32) keep 28×28, so Flatten gives 25,088 " +
            "features and Dense(128) grows to 3,211,392 weights; 3,231,498 parameters in all.",
            Seed("seed-same", Padding.Same)),
        new("lenet5",
            "LeNet-5 (LeCun et al., 1998) adapted Keras-style to 28×28×1: Conv2D(6, 5×5, same, tanh), AveragePooling2D, " +
            "Conv2D(16, 5×5, valid, tanh), AveragePooling2D, Flatten, Dense(120, tanh), Dense(84, tanh), Dense(10, softmax); 61,706 parameters.",
            new Architecture("lenet5", Mnist,
            [
                Conv(6, 5, Padding.Same, ActivationKind.Tanh), new Pooling2D(PoolKind.Average, Size2.Square(2), Size2.Square(2), Padding.Valid),
                Conv(16, 5, Padding.Valid, ActivationKind.Tanh), new Pooling2D(PoolKind.Average, Size2.Square(2), Size2.Square(2), Padding.Valid),
                new Flatten(), new Dense(120, ActivationKind.Tanh, true), new Dense(84, ActivationKind.Tanh, true),
                new Dense(10, ActivationKind.Softmax, true),
            ])),
        new("mnist-convnet",
            "Keras's mnist_convnet example: Conv2D(32, 3×3, relu), MaxPooling2D, Conv2D(64, 3×3, relu), MaxPooling2D, Flatten, " +
            "Dropout(0.5), Dense(10, softmax); 34,826 parameters. Small and fast: the Keras example reports about 99% test " +
            "accuracy after a few epochs (batch 128, Adam).",
            new Architecture("mnist-convnet", Mnist,
            [
                Conv(32, 3, Padding.Valid, ActivationKind.Relu), MaxPool(),
                Conv(64, 3, Padding.Valid, ActivationKind.Relu), MaxPool(),
                new Flatten(), new Dropout(0.5), new Dense(10, ActivationKind.Softmax, true),
            ])),
        new("mnist-residual",
            "A small residual network (He et al., 2015) as a functional graph: a 3×3 Conv2D(16) stem, a block of two 3×3 " +
            "Conv2D(16) whose output is added to the stem's, MaxPooling2D, a block of two 3×3 Conv2D(32) added to a 1×1 " +
            "Conv2D(32) shortcut, GlobalAveragePooling2D, Dense(10, softmax); 19,562 parameters. The skip connections let " +
            "the gradient reach the early layers directly.",
            Residual()),
        new("mnist-separable",
            "A depthwise-separable network in the style of MobileNet and Xception: Conv2D(16, 3×3), SeparableConv2D(32, 3×3, same) " +
            "with BatchNormalization, MaxPooling2D, SeparableConv2D(64, 3×3, same), MaxPooling2D, DepthwiseConv2D(3×3, same), " +
            "GlobalAveragePooling2D, Dropout(0.3), Dense(10, softmax); 4,666 parameters (64 non-trainable), a fraction of a " +
            "plain Conv2D stack's: each separable layer filters every channel on its own, then mixes channels with a 1×1 convolution.",
            Separable()),
        Accurate(),
    ];

    /// <summary>The preset with this name, case-insensitively, or null.</summary>
    public static Preset? Find(string? name) =>
        All.FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase));

    private static Architecture Seed(string name, Padding padding) => new(name, Mnist,
    [
        Conv(32, 3, padding, ActivationKind.Relu), Conv(32, 3, padding, ActivationKind.Relu), Conv(32, 3, padding, ActivationKind.Relu),
        new Flatten(), new Dense(128, ActivationKind.Relu, true), new Dense(10, ActivationKind.Softmax, true),
    ]);

    private static Conv2D Conv(int filters, int kernel, Padding padding, ActivationKind activation) =>
        new(filters, Size2.Square(kernel), Size2.Square(1), padding, activation, true, Size2.Square(1));

    private static Pooling2D MaxPool() => new(PoolKind.Max, Size2.Square(2), Size2.Square(2), Padding.Valid);
}
