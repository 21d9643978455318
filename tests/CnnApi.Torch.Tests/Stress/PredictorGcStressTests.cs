using CnnApi.Torch.Inference;
using CnnApi.Torch.Mnist;
using CnnApi.Torch.Networks;
using CnnApi.Torch.Training;

namespace CnnApi.Torch.Tests.Stress;

/// <summary>Issue 16: 10,000 single-image predictions under constant garbage collection give exactly the undisturbed probabilities.</summary>
public sealed class PredictorGcStressTests : IDisposable
{
    private const int Predictions = 10_000;
    private readonly string _dir = Directory.CreateTempSubdirectory("gc-predict-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Predict_10000ImagesUnderGcChurn_SameProbabilitiesAsUndisturbed()
    {
        var layers = NetworkLayers.From(TestArchitectures.Tiny());
        var weights = Path.Combine(_dir, "tiny.bin");
        new Trainer(layers, MnistTestData.Dataset, new TrainingOptions { TrainLimit = 320, TestLimit = 100, Seed = 5 }).Run(weights);
        var (pixels, count, _, _) = IdxFile.ReadImages(Path.Combine(MnistTestData.Root, MnistFiles.TestImages.Name));
        var images = Enumerable.Range(0, Math.Min(count, Predictions))
            .Select(i => pixels.AsSpan(i * 784, 784).ToArray().Select(p => p / 255f).ToArray()).ToArray();
        using var predictor = Predictor.Load(layers, weights);

        var quiet = images.Select(image => predictor.Predict(image)).ToArray();
        float[][] churned;
        long collections;
        using (var churn = new GcChurn())
        {
            churned = images.Select(image => predictor.Predict(image)).ToArray();
            collections = churn.Collections;
        }

        Assert.Equal(Predictions, churned.Length);
        Assert.True(collections > 10, $"only {collections} forced collections ran beside the predictions");
        for (int i = 0; i < Predictions; i++)
            Assert.True(quiet[i].AsSpan().SequenceEqual(churned[i]), $"image {i}: probabilities differ");
    }
}
