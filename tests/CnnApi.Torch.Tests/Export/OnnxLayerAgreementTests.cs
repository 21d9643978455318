using CnnApi.Architectures.Layers;
using CnnApi.Architectures.Spec;

namespace CnnApi.Torch.Tests.Export;

/// <summary>
/// Every layer type a summary accepts exports to ONNX: a small random network around it (a 4-filter stem, the layer,
/// Flatten, Dense 10 softmax) gives ONNX Runtime's probabilities equal to CnnApi's on 200 MNIST test digits within
/// 1e-4, and ONNX's full checker accepts the file. Layer types are found by reflection: a new one without a case fails.
/// </summary>
public sealed class OnnxLayerAgreementTests
{
    private static readonly Size2 One = Size2.Square(1), Two = Size2.Square(2), Three = Size2.Square(3);
    private const string In = Architecture.DefaultInputName;

    private static Conv2D Conv(int filters, ActivationKind activation = ActivationKind.Relu, Padding padding = Padding.Valid) =>
        new(filters, Three, One, padding, activation, true, One);

    /// <summary>Cases by name: the layer type first, so that each type's cases can be found.</summary>
    private static readonly Dictionary<string, Architecture> Cases = new()
    {
        ["Conv2D-same-stride2-even-kernel"] = Line(new Conv2D(5, Size2.Square(4), Two, Padding.Same, ActivationKind.Relu, true, One)),
        ["Conv2D-same-dilated-selu"] = Line(new Conv2D(3, Three, One, Padding.Same, ActivationKind.Selu, true, Two), new Conv2D(2, new Size2(2, 3), new Size2(3, 2), Padding.Same, ActivationKind.Linear, false, One)),
        ["Conv2D-channels-first"] = Line(new Conv2D(3, Three, Two, Padding.Same, ActivationKind.Tanh, true, One) { ChannelsFirst = true }) with { InputShape = [1, 28, 28] },
        ["SeparableConv2D"] = Line(Conv(4), new SeparableConv2D(6, Three, Two, Padding.Same, 2, ActivationKind.Gelu, true, One)),
        ["DepthwiseConv2D"] = Line(Conv(4), new DepthwiseConv2D(Size2.Square(4), Two, Padding.Same, 2, ActivationKind.Silu, true, One)),
        ["Conv2DTranspose-same"] = Line(Conv(4), new Conv2DTranspose(3, Three, Two, Padding.Same, null, ActivationKind.Tanh, true, One)),
        ["Conv2DTranspose-valid-output-padding"] = Line(Conv(4), new Conv2DTranspose(2, Size2.Square(4), Two, Padding.Valid, One, ActivationKind.Linear, true, One)),
        ["Pooling2D-max-same"] = Line(Conv(4), new Pooling2D(PoolKind.Max, Three, Two, Padding.Same)),
        ["Pooling2D-average-same"] = Line(Conv(4), new Pooling2D(PoolKind.Average, Three, Two, Padding.Same)),
        ["Pooling2D-average-valid"] = Line(Conv(4), new Pooling2D(PoolKind.Average, Two, Two, Padding.Valid)),
        ["GlobalPooling2D-max"] = Line(Conv(6), new GlobalPooling2D(PoolKind.Max)),
        ["GlobalPooling2D-average-channels-first"] = Line(Conv(6), new GlobalPooling2D(PoolKind.Average) { ChannelsFirst = true }),
        ["BatchNormalization"] = Line(Conv(4, ActivationKind.Linear), new BatchNormalization()),
        ["BatchNormalization-height-axis-no-scale"] = Line(Conv(4, ActivationKind.Linear), new BatchNormalization(Scale: false) { Axis = 1 }),
        ["LayerNormalization-channels"] = Line(Conv(4, ActivationKind.Linear), new LayerNormalization([-1])),
        ["LayerNormalization-all-axes"] = Line(Conv(4, ActivationKind.Linear), new LayerNormalization([1, 2, 3], Center: false)),
        ["Dropout"] = Line(Conv(4), new Dropout(0.5)),
        ["SpatialDropout2D"] = Line(Conv(4), new SpatialDropout2D(0.5)),
        ["GaussianNoise"] = Line(Conv(4), new GaussianNoise(0.5)),
        ["GaussianDropout"] = Line(Conv(4), new GaussianDropout(0.3)),
        ["Flatten"] = Line(Conv(4)),
        ["Flatten-channels-first"] = Line(Conv(4), new Flatten { ChannelsFirst = true }),
        ["Dense-on-image"] = Line(Conv(3), new Dense(5, ActivationKind.Sigmoid, true)),
        ["Dense-on-sequence"] = Line(Conv(3), new Reshape([26, 78]), new Dense(4, ActivationKind.Elu, false)),
        ["Activation-relu-sigmoid-tanh"] = Line(Conv(4, ActivationKind.Linear), new Activation(ActivationKind.Relu), new Activation(ActivationKind.Sigmoid), Conv(3, ActivationKind.Linear), new Activation(ActivationKind.Tanh)),
        ["Activation-elu-selu-gelu"] = Line(Conv(4, ActivationKind.Linear), new Activation(ActivationKind.Elu), Conv(3, ActivationKind.Linear), new Activation(ActivationKind.Selu), new Activation(ActivationKind.Gelu)),
        ["Activation-leaky-silu-linear-softmax"] = Line(Conv(4, ActivationKind.Linear), new Activation(ActivationKind.LeakyRelu), new Activation(ActivationKind.Silu), new Activation(ActivationKind.Linear), new Activation(ActivationKind.Softmax)),
        ["ReLU-capped"] = Line(Conv(4, ActivationKind.Linear), new ReLU(0.5)),
        ["ReLU-threshold-slope"] = Line(Conv(4, ActivationKind.Linear), new ReLU(1.0, 0.1, 0.05)),
        ["LeakyReLU"] = Line(Conv(4, ActivationKind.Linear), new LeakyReLU()),
        ["ELU"] = Line(Conv(4, ActivationKind.Linear), new ELU(0.5)),
        ["PReLU-shared-spatial"] = Line(Conv(4, ActivationKind.Linear), new PReLU([1, 2])),
        ["PReLU-per-element"] = Line(Conv(4, ActivationKind.Linear), new PReLU([])),
        ["Softmax-channels"] = Line(Conv(4, ActivationKind.Linear), new Softmax()),
        ["Softmax-rows"] = Line(Conv(4, ActivationKind.Linear), new Softmax(1)),
        ["Rescaling"] = Line(new Rescaling(2.0, -0.5), Conv(4)),
        ["ZeroPadding2D"] = Line(Conv(3), new ZeroPadding2D(new Margins(1, 0, 2, 3))),
        ["Cropping2D"] = Line(Conv(3), new Cropping2D(new Margins(1, 2, 0, 3))),
        ["UpSampling2D-nearest"] = Line(Conv(2), new UpSampling2D(new Size2(2, 3))),
        ["UpSampling2D-bilinear"] = Line(Conv(2), new UpSampling2D(Two, Interpolation.Bilinear)),
        ["Resizing-bilinear-down"] = Line(Conv(2), new Resizing(11, 17)),
        ["Resizing-bilinear-up-cropped"] = Line(Conv(2), new Resizing(30, 40, CropToAspectRatio: true)),
        ["Resizing-nearest"] = Line(Conv(2), new Resizing(20, 9, Interpolation.Nearest)),
        ["Reshape"] = Line(Conv(4), new Reshape([13, -1, 4]), new Conv2D(3, Three, One, Padding.Valid, ActivationKind.Relu, true, One)),
        ["Permute"] = Line(Conv(4), new Permute([2, 3, 1]), Conv(3)),
        ["RandomFlip"] = Line(new RandomFlip(), Conv(4)),
        ["RandomRotation"] = Line(new RandomRotation(new FactorRange(-0.2, 0.2)), Conv(4)),
        ["RandomTranslation"] = Line(new RandomTranslation(new FactorRange(-0.1, 0.1), new FactorRange(0, 0.2)), Conv(4)),
        ["RandomZoom"] = Line(new RandomZoom(new FactorRange(-0.2, 0.2), null), Conv(4)),
        ["InputLayer"] = Graph([(new Flatten(), "flat", [In]), (new Dense(10, ActivationKind.Softmax, true), "out", ["flat"])]),
        ["NestedModel"] = Line(Conv(4), new NestedModel(new Architecture("inner", [], [Conv(3, ActivationKind.Linear), new BatchNormalization(), new Activation(ActivationKind.Relu)]), "Sequential")),
        ["Merge-Multiply-broadcast"] = Graph(
        [
            (Conv(4), "a", [In]), (new GlobalPooling2D(PoolKind.Average), "pooled", ["a"]), (new Reshape([1, 1, 4]), "gate", ["pooled"]),
            (new Merge(MergeKind.Multiply), "scaled", ["a", "gate"]), (new Flatten(), "flat", ["scaled"]), (new Dense(10, ActivationKind.Softmax, true), "out", ["flat"]),
        ]),
        ["Concatenate-channels"] = Branches(new Concatenate()),
        ["Concatenate-rows"] = Branches(new Concatenate(1)),
    };

    static OnnxLayerAgreementTests()
    {
        foreach (var kind in Enum.GetValues<MergeKind>())
            Cases[$"Merge-{kind}"] = Branches(new Merge(kind));
    }

    public static TheoryData<string> CaseNames => new(Cases.Keys.Order(StringComparer.Ordinal));

    public static TheoryData<string> LayerTypes => new(typeof(Layer).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(Layer)) && !t.IsAbstract).Select(t => t.Name).Order());

    [Theory]
    [MemberData(nameof(LayerTypes))]
    public void EveryLayerType_HasAnOnnxCase(string typeName) =>
        Assert.True(Cases.Keys.Any(k => k == typeName || k.StartsWith(typeName + "-", StringComparison.Ordinal)),
            $"add an ONNX export case for {typeName} to {nameof(OnnxLayerAgreementTests)}");

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Export_RandomNetworkWithLayer_OnnxRuntimeAgreesAndCheckerAccepts(string name) =>
        OnnxAgreement.AssertRandomNetworkAgrees(Cases[name], seed: name.Length);

    /// <summary>input → layers → Flatten → Dense(10, softmax).</summary>
    private static Architecture Line(params Layer[] layers) =>
        new("case", [28, 28, 1], [.. layers, new Flatten(), new Dense(10, ActivationKind.Softmax, true)]);

    /// <summary>Two convolution branches of the input joined by <paramref name="merge"/>, then the head.</summary>
    private static Architecture Branches(Layer merge) => Graph(
    [
        (Conv(4), "a", [In]), (Conv(4, ActivationKind.Tanh), "b", [In]), (merge, "merged", ["a", "b"]),
        (new Flatten(), "flat", ["merged"]), (new Dense(10, ActivationKind.Softmax, true), "out", ["flat"]),
    ]);

    private static Architecture Graph(IReadOnlyList<(Layer Layer, string Name, string[] Inputs)> nodes) =>
        new("graph", [28, 28, 1], nodes.Select(n => n.Layer).ToList()) { Graph = nodes.Select(n => new Wiring(n.Name, n.Inputs)).ToList() };
}
