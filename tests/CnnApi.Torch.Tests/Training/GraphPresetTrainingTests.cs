using CnnApi.Architectures.Presets;
using CnnApi.Architectures.Spec;
using CnnApi.Torch.Inference;
using CnnApi.Torch.Mnist;
using CnnApi.Torch.Networks;
using CnnApi.Torch.Training;

namespace CnnApi.Torch.Tests.Training;

/// <summary>The residual (graph) and depthwise-separable presets train for one epoch on a few hundred real images and predict.</summary>
public sealed class GraphPresetTrainingTests : IDisposable
{
    private static readonly TrainingOptions OneEpoch = new()
    {
        Epochs = 1, BatchSize = 16, TrainLimit = 640, ValidationSplit = 0.2, TestLimit = 200, Seed = 11, Optimizer = "adam", LearningRate = 0.005,
    };
    private readonly string _dir = Directory.CreateTempSubdirectory("graph-preset-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData("mnist-residual")]
    [InlineData("mnist-separable")]
    public void Preset_OneEpochOnASubset_LearnsAndPredicts(string name)
    {
        var layers = NetworkLayers.From(ArchitecturePresets.Find(name)!.Architecture);
        var weights = Path.Combine(_dir, $"{name}.bin");

        var result = new Trainer(layers, MnistTestData.Dataset, OneEpoch).Run(weights);
        using var predictor = Predictor.Load(layers, weights);
        // Upload-style pixels (0…1), the trainer's test images, as PredictorTests reads them.
        var (pixels, _, _, _) = IdxFile.ReadImages(Path.Combine(MnistTestData.Root, MnistFiles.TestImages.Name));
        var labels = IdxFile.ReadLabels(Path.Combine(MnistTestData.Root, MnistFiles.TestLabels.Name));
        var images = Enumerable.Range(0, OneEpoch.TestLimit!.Value).Select(i => pixels.AsSpan(i * 784, 784).ToArray().Select(p => p / 255f).ToArray()).ToList();
        var probabilities = predictor.Predict(images);
        var hits = probabilities.Select((p, i) => Array.IndexOf(p, p.Max()) == labels[i]).Count(h => h);

        var epoch = Assert.Single(result.History);
        // Learning: the training loss falls below an untrained network's ln 10 = 2.3026. (Thirty-two steps are too few
        // for accuracy to mean much: BatchNormalization's moving statistics have barely moved.)
        Assert.True(epoch.Loss < Math.Log(10), $"{name}: training loss {epoch.Loss}");
        Assert.All(probabilities, p => Assert.Equal(1.0, p.Sum(), 3));
        // The predictor runs the same network as the trainer's test evaluation: the same answers on the same images.
        Assert.Equal(result.TestAccuracy, hits / (double)images.Count, 6);
    }

    [Fact]
    public void LinearGraph_Trained_SameHistoryAsTheSequentialModel()
    {
        var sequential = TestArchitectures.Tiny();
        var graph = sequential with
        {
            Graph = sequential.Layers.Select((l, i) => new Wiring($"l{i}", [i == 0 ? Architecture.DefaultInputName : $"l{i - 1}"])).ToList(),
        };
        var options = OneEpoch with { LearningRate = 0.001, BatchSize = 32 };

        var a = new Trainer(NetworkLayers.From(sequential), MnistTestData.Dataset, options).Run(Path.Combine(_dir, "a.bin"));
        var b = new Trainer(NetworkLayers.From(graph), MnistTestData.Dataset, options).Run(Path.Combine(_dir, "b.bin"));

        // The same layers in the same order, wired by name: the same initial weights, steps and results.
        Assert.Equal((a.History[0].Loss, a.TestLoss, a.TestAccuracy), (b.History[0].Loss, b.TestLoss, b.TestAccuracy));
    }
}
