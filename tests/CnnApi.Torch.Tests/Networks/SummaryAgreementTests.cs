using CnnApi.Architectures.Layers;
using CnnApi.Architectures.Presets;
using CnnApi.Architectures.Spec;
using CnnApi.Architectures.Summaries;
using CnnApi.Torch.Networks;
using static TorchSharp.torch;

namespace CnnApi.Torch.Tests.Networks;

/// <summary>The TorchSharp network built from a summary has the summary's parameter counts and output shapes.</summary>
public sealed class SummaryAgreementTests
{
    public static TheoryData<string> PresetNames => new(ArchitecturePresets.All.Select(p => p.Name));

    [Theory]
    [MemberData(nameof(PresetNames))]
    public void Preset_TorchCountsEqualSummary(string name) =>
        AssertAgrees(ArchitecturePresets.Find(name)!.Architecture);

    [Fact]
    public void RandomValidSpecs_TorchCountsAndShapesEqualSummary()
    {
        var random = new Random(20261126);
        var checkedCount = 0;
        while (checkedCount < 40)
        {
            var architecture = RandomArchitecture(random);
            if (Summarizer.Summarize(architecture) is not { Summary: { TotalParams: < 3_000_000 } }) continue;
            AssertAgrees(architecture);
            checkedCount++;
        }
    }

    [Fact]
    public void RandomSpecsOfEveryLayerAndGraph_TorchCountsAndShapesEqualSummary()
    {
        for (var seed = 0; seed < 40; seed++)
        {
            var random = new CnnApi.Architectures.Tests.RandomSpecs(new Random(5500 + seed));
            foreach (var json in new[] { random.Sequential(), random.Graph() })
            {
                var read = ArchitectureReader.Read(json);
                Assert.True(read.Succeeded, json);
                AssertAgrees(read.Architecture!, json);
            }
        }
    }

    private static void AssertAgrees(Architecture architecture, string? json = null)
    {
        var summary = Summarizer.Summarize(architecture).Summary!;
        using var scope = NewDisposeScope();
        using var network = NetworkBuilder.Build(NetworkLayers.From(summary));
        // Keras counts BatchNorm's moving mean and variance as non-trainable params; torch keeps them as buffers.
        var trainable = network.parameters().Where(p => p.requires_grad).Sum(p => p.numel());
        var all = network.parameters().Sum(p => p.numel()) + network.buffers().Sum(b => b.numel());
        var description = json ?? string.Join(" → ", architecture.Layers.Select(l => l.ToString()));
        Assert.True(summary.TotalParams == all, $"total {all} ≠ Keras {summary.TotalParams}: {description}");
        Assert.True(summary.TrainableParams == trainable, $"trainable {trainable} ≠ Keras {summary.TrainableParams}: {description}");

        network.eval();
        // Images enter as NCHW: [H, W, C] channels_last as [N, C, H, W], [C, H, W] channels_first as is.
        var input = architecture.InputShape;
        long[] nchw = Summarizer.ChannelsFirst(architecture) ? [2, input[0], input[1], input[2]] : [2, input[2], input[0], input[1]];
        var output = network.forward(randn(nchw));
        var keras = summary.Layers[^1].OutputDims;
        long[] expected = keras.Length == 3 ? [2, keras[2], keras[0], keras[1]] : [2, .. keras];
        Assert.True(expected.SequenceEqual(output.shape), $"torch [{string.Join(",", output.shape)}] ≠ [{string.Join(",", expected)}]: {description}");
        // Training mode runs the random augmentation and noise layers: the shapes must not change.
        network.train();
        var trained = network.forward(randn(nchw));
        Assert.True(expected.SequenceEqual(trained.shape), $"training: torch [{string.Join(",", trained.shape)}]: {description}");
    }

    /// <summary>A random stack of every layer kind on a small image; invalid ones are filtered by the summarizer.</summary>
    private static Architecture RandomArchitecture(Random random)
    {
        int side = random.Next(8, 33), channels = random.Next(1, 4);
        var layers = new List<Layer>();
        var flat = false;
        var count = random.Next(1, 8);
        for (var i = 0; i < count; i++)
        {
            Size2 Size(int max) => new(random.Next(1, max + 1), random.Next(1, max + 1));
            var padding = random.Next(2) == 0 ? Padding.Valid : Padding.Same;
            var activation = (ActivationKind)random.Next(Enum.GetValues<ActivationKind>().Length);
            switch (flat ? random.Next(4) + 5 : random.Next(9))
            {
                case 0 or 1:
                    var stride = random.Next(3) == 0 ? Size(2) : Size2.Square(1);
                    var dilation = stride == Size2.Square(1) && random.Next(4) == 0 ? Size2.Square(2) : Size2.Square(1);
                    layers.Add(new Conv2D(random.Next(1, 9), Size(4), stride, padding, activation, random.Next(4) > 0, dilation));
                    break;
                case 2:
                    var pool = Size(3);
                    layers.Add(new Pooling2D(random.Next(2) == 0 ? PoolKind.Max : PoolKind.Average, pool,
                        random.Next(2) == 0 ? pool : Size(2), padding));
                    break;
                case 3:
                    layers.Add(new Flatten());
                    flat = true;
                    break;
                case 4:
                    layers.Add(new GlobalPooling2D(random.Next(2) == 0 ? PoolKind.Max : PoolKind.Average));
                    flat = true;
                    break;
                case 5:
                    layers.Add(new BatchNormalization(Center: random.Next(3) > 0, Scale: random.Next(3) > 0));
                    break;
                case 6:
                    layers.Add(new Dense(random.Next(1, 17), activation, random.Next(4) > 0));
                    break;
                case 7:
                    layers.Add(new Dropout(random.NextDouble() * 0.9));
                    break;
                default:
                    layers.Add(new Activation(activation));
                    break;
            }
        }
        return new Architecture("random", [side, side, channels], layers);
    }
}
