using System.Text.Json;
using CnnApi.Architectures.Layers;
using CnnApi.Architectures.Spec;
using CnnApi.Architectures.Summaries;
using CnnApi.Torch.Export.Code;
using CnnApi.Torch.Networks;
using static TorchSharp.torch;

namespace CnnApi.Torch.Tests.Networks;

/// <summary>
/// Every <see cref="Layer"/> subclass, found by reflection, is handled by every reader: the summarizer, the text
/// table, the spec writer (read back to the same summary), the training estimate's memory model, the code generators and the TorchSharp builder (built, run in eval and train
/// mode, parameters counted as Keras counts them). Adding a layer without teaching a reader fails here.
/// </summary>
public sealed class EveryLayerReadersTests
{
    private static readonly Size2 One = Size2.Square(1), Three = Size2.Square(3);

    /// <summary>A small instance of each concrete layer record, on an [8, 8, 2] input.</summary>
    private static readonly Dictionary<Type, Layer> Samples = new Layer[]
    {
        new Conv2D(3, Three, One, Padding.Same, ActivationKind.Relu, true, One),
        new SeparableConv2D(3, Three, One, Padding.Valid, 2, ActivationKind.Linear, true, One),
        new DepthwiseConv2D(Three, Size2.Square(2), Padding.Same, 2, ActivationKind.Linear, true, One),
        new Conv2DTranspose(3, Three, Size2.Square(2), Padding.Same, null, ActivationKind.Linear, true, One),
        new Pooling2D(PoolKind.Max, Size2.Square(2), Size2.Square(2), Padding.Valid),
        new GlobalPooling2D(PoolKind.Average),
        new BatchNormalization(),
        new LayerNormalization([-1]),
        new Dropout(0.5), new SpatialDropout2D(0.5) { ChannelsFirst = true }, new GaussianNoise(0.1), new GaussianDropout(0.1),
        new Flatten(), new Dense(4, ActivationKind.Tanh, true), new Activation(ActivationKind.Elu),
        new ReLU(6), new LeakyReLU(), new ELU(), new PReLU([1, 2]), new Softmax(),
        new ZeroPadding2D(new Margins(1, 0, 2, 1)), new Cropping2D(Margins.Uniform(1)), new UpSampling2D(Size2.Square(2)),
        new Reshape([8, 16]), new Permute([2, 1, 3]), new Rescaling(0.5), new Resizing(5, 6),
        new RandomFlip(), new RandomRotation(new FactorRange(-0.1, 0.1)), new RandomTranslation(new FactorRange(-0.1, 0.1), new FactorRange(0, 0.2)),
        new RandomZoom(new FactorRange(-0.2, 0.2), null),
        new Merge(MergeKind.Subtract), new Concatenate(),
        new InputLayer(),
        new NestedModel(new Architecture("inner", [], [new Conv2D(2, Three, One, Padding.Valid, ActivationKind.Relu, true, One), new BatchNormalization()]), "Sequential"),
    }.ToDictionary(l => l.GetType());

    public static TheoryData<string> LayerTypes => new(typeof(Layer).Assembly.GetTypes()
        .Where(t => t.IsSubclassOf(typeof(Layer)) && !t.IsAbstract).Select(t => t.Name).Order());

    [Theory]
    [MemberData(nameof(LayerTypes))]
    public void EveryLayer_EveryReader_HandlesIt(string typeName)
    {
        var type = typeof(Layer).Assembly.GetTypes().Single(t => t.Name == typeName && t.IsSubclassOf(typeof(Layer)));
        Assert.True(Samples.TryGetValue(type, out var layer), $"add a sample of {typeName} to {nameof(EveryLayerReadersTests)}");
        var architecture = layer is InputLayer
            ? new Architecture("t", [8, 8, 2], [new Flatten()]) { Graph = [new Wiring("f", [Architecture.DefaultInputName])] }
            : layer.Arity.Min > 1
                ? new Architecture("t", [8, 8, 2], [layer]) { Graph = [new Wiring("m", [Architecture.DefaultInputName, Architecture.DefaultInputName])] }
                : new Architecture("t", [8, 8, 2], [layer]);

        var summary = Summarizer.Summarize(architecture);
        Assert.True(summary.Succeeded, string.Join("; ", summary.Errors));
        Assert.Contains($"{summary.Summary!.Layers[^1].Name} (", summary.Summary.Text);  // Keras cuts the "name (Type)" cell at 29 characters

        if (layer is not InputLayer)  // an InputLayer is a summary row, never a layer of a spec
        {
            var json = JsonSerializer.Serialize(ArchitectureSpec.From(architecture), ArchitectureSpec.JsonOptions);
            var reread = ArchitectureReader.Read(json);
            Assert.True(reread.Succeeded, json + " " + string.Join("; ", reread.Errors));
            var again = Summarizer.Summarize(reread.Architecture!).Summary!;
            Assert.Equal(summary.Summary.Layers.Select(l => (l.Type, l.Params, string.Join("x", l.OutputDims))), again.Layers.Select(l => (l.Type, l.Params, string.Join("x", l.OutputDims))));
        }

        // The code generators (PyTorch, TorchSharp, Keras) write every layer.
        var layers = NetworkLayers.From(summary.Summary);
        Assert.Contains("class Net(nn.Module)", PyTorchCode.Generate("t", layers));
        Assert.Contains("public sealed class Net", TorchSharpCode.Generate("t", layers));
        Assert.Contains(layer is NestedModel ? "build_inner" : $"layers.{summary.Summary.Layers[^1].Layer.KerasClass}(", KerasCode.Generate("t", layers));
        // The training estimate's memory model (CnnApi.Architectures.Estimates) reads every layer too.
        Assert.True(CnnApi.Architectures.Estimates.TrainingMemory.Estimate(summary.Summary, 2, 4).ActivationsBytes >= 0);

        using var scope = NewDisposeScope();
        using var network = NetworkBuilder.Build(NetworkLayers.From(summary.Summary));
        var count = network.parameters().Sum(p => p.numel()) + network.buffers().Sum(b => b.numel());
        Assert.Equal(summary.Summary.TotalParams, count);
        // restoreBestWeights' copy of the state is exactly what the memory estimate counts for it.
        using (var best = CnnApi.Torch.Training.Callbacks.BestWeights.Of(network))
            Assert.Equal(CnnApi.Architectures.Estimates.TrainingMemory.Estimate(summary.Summary, 2, 4, restoreBestWeights: true).BestWeightsBytes, best.Bytes);
        var expected = summary.Summary.Layers[^1].OutputDims is { Length: 3 } k ? new[] { 2, k[2], k[0], k[1] } : [2, .. summary.Summary.Layers[^1].OutputDims];
        foreach (var training in new[] { false, true })
        {
            network.train(training);
            // Images enter as NCHW: the [8, 8, 2] input is [N, 2, 8, 8] channels_last, [N, 8, 8, 2] channels_first.
            var output = network.forward(Summarizer.ChannelsFirst(architecture) ? randn(2, 8, 8, 2) : randn(2, 2, 8, 8));
            Assert.Equal(expected, output.shape);
        }
    }
}
