using CnnApi.Architectures.Layers;
using CnnApi.Architectures.Spec;

namespace CnnApi.Torch.Tests;

/// <summary>The seed notebook's two models and small ones for fast training tests, built by hand.</summary>
internal static class TestArchitectures
{
    private static readonly Size2 One = Size2.Square(1), Three = Size2.Square(3), Two = Size2.Square(2);

    public static Conv2D Conv(int filters, Padding padding = Padding.Valid, int kernel = 3, int stride = 1) =>
        new(filters, Size2.Square(kernel), Size2.Square(stride), padding, ActivationKind.Relu, true, One);

    public static Architecture Seed(Padding padding) => new(padding == Padding.Valid ? "seed-valid" : "seed-same", [28, 28, 1],
    [
        Conv(32, padding), Conv(32, padding), Conv(32, padding), new Flatten(),
        new Dense(128, ActivationKind.Relu, true), new Dense(10, ActivationKind.Softmax, true),
    ]);

    /// <summary>Conv 320 + BN 4·32 = 128 (64 trainable) + Dense 13·13·32·10 + 10 = 54,090: 54,538 in Keras.</summary>
    public static Architecture WithBatchNorm() => new("bn", [28, 28, 1],
    [
        Conv(32), new BatchNormalization(), new Pooling2D(PoolKind.Max, Two, Two, Padding.Valid), new Flatten(),
        new Dense(10, ActivationKind.Softmax, true),
    ]);

    /// <summary>Small and quick to train, with BatchNorm buffers and dropout randomness for resume tests.</summary>
    public static Architecture Tiny() => new("tiny", [28, 28, 1],
    [
        Conv(8, stride: 2), new BatchNormalization(), new Pooling2D(PoolKind.Max, Two, Two, Padding.Valid),
        new Dropout(0.25), new Flatten(), new Dense(10, ActivationKind.Softmax, true),
    ]);

    /// <summary>
    /// The layers whose forward pass takes numbers (thresholds, slopes, caps, noise scales, rates, epsilon, rescaling and
    /// the random affine factors): each is an op argument that must be an explicit, disposed Scalar (issue 16's rule).
    /// </summary>
    public static Architecture NumericArguments() => new("numeric-arguments", [28, 28, 1],
    [
        new Rescaling(2, -1), new RandomRotation(new FactorRange(-0.05, 0.05)),
        new RandomTranslation(new FactorRange(-0.1, 0.1), new FactorRange(-0.1, 0.1)), new RandomZoom(new FactorRange(-0.1, 0.1), null),
        Conv(8, stride: 2), new ReLU(6, 0.1, 0.05), new GaussianNoise(0.1), new LayerNormalization([-1]),
        new GaussianDropout(0.1), new SpatialDropout2D(0.2), new Pooling2D(PoolKind.Max, Two, Two, Padding.Valid),
        new Dropout(0.25), new Flatten(), new Dense(10, ActivationKind.Softmax, true),
    ]);

    /// <summary>Every layer kind, with same padding at stride 2, even kernels, odd sizes and Dense on an image.</summary>
    public static Architecture Mixed() => new("mixed", [28, 28, 1],
    [
        Conv(6, Padding.Same, kernel: 3, stride: 2), Conv(5, Padding.Same, kernel: 2),
        new Pooling2D(PoolKind.Max, Three, Two, Padding.Same), new BatchNormalization(Center: false),
        new Pooling2D(PoolKind.Average, Three, Two, Padding.Same), new Dense(7, ActivationKind.Gelu, true),
        new Activation(ActivationKind.LeakyRelu), new Dropout(0.5), new GlobalPooling2D(PoolKind.Average),
        new Dense(10, ActivationKind.Linear, false), new Activation(ActivationKind.Softmax),
    ]);
}
