using CnnApi.Torch.Inference;
using CnnApi.Torch.Mnist;
using CnnApi.Torch.Networks;
using CnnApi.Torch.Training;

namespace CnnApi.Torch.Tests.Stress;

/// <summary>
/// Issue 16: 10,000 predictions (1,000 calls of 10 images, as the batcher makes them under load) under constant
/// garbage collection give exactly the undisturbed probabilities. Each call normalises its pixels with Scalars
/// (MnistNormalization), which TorchSharp's double overloads left to the finalizer before the fix.
/// </summary>
public sealed class PredictorGcStressTests : IDisposable
{
    private const int Predictions = 10_000, PerCall = 10;
    private readonly string _dir = Directory.CreateTempSubdirectory("gc-predict-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Predict_10000ImagesUnderGcChurn_SameProbabilitiesAsUndisturbed()
    {
        var layers = NetworkLayers.From(TestArchitectures.Tiny());
        var weights = Path.Combine(_dir, "tiny.bin");
        new Trainer(layers, MnistTestData.Dataset, new TrainingOptions { TrainLimit = 320, TestLimit = 100, Seed = 5 }).Run(weights);
        var (pixels, count, _, _) = IdxFile.ReadImages(Path.Combine(MnistTestData.Root, MnistFiles.TestImages.Name));
        Assert.Equal(Predictions, count);
        var calls = Enumerable.Range(0, Predictions / PerCall)
            .Select(c => pixels.AsSpan(c * PerCall * 784, PerCall * 784).ToArray().Select(p => p / 255f).ToArray()).ToArray();
        using var predictor = Predictor.Load(layers, weights);

        var quiet = calls.Select(predictor.Predict).ToArray();
        float[][] churned;
        long collections;
        using (var churn = new GcChurn())
        {
            churned = calls.Select(predictor.Predict).ToArray();
            collections = churn.Collections;
        }

        Assert.Equal(Predictions * Predictor.Classes, churned.Sum(c => c.Length));
        Assert.True(collections > 10, $"only {collections} forced collections ran beside the predictions");
        for (int c = 0; c < calls.Length; c++)
            Assert.True(quiet[c].AsSpan().SequenceEqual(churned[c]), $"images {c * PerCall}–{c * PerCall + PerCall - 1}: probabilities differ");
    }
}
