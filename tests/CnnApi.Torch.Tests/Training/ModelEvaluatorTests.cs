using CnnApi.Torch.Networks;
using CnnApi.Torch.Training;

namespace CnnApi.Torch.Tests.Training;

/// <summary>The evaluation's numbers: worked by hand on a small case, and on real weights equal to the trainer's own test pass.</summary>
public sealed class ModelEvaluatorTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("evaluate-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Summarize_HandWorkedCase_MatrixPrecisionRecallAndWrongDigitsInConfidenceOrder()
    {
        // Four images: 0→0 (right), 1→2 at 0.7, 2→2 (right), 1→0 at 0.9.
        float[] probabilities = [.. P(0, 0.8f), .. P(2, 0.7f), .. P(2, 0.6f), .. P(0, 0.9f)];
        int[] labels = [0, 1, 2, 1];

        var e = ModelEvaluator.Summarize(probabilities, labels, wrongCount: 5, i => [i]);

        Assert.Equal(4, e.TestCount);
        Assert.Equal(0.5, e.Accuracy);
        Assert.Equal([1, 0, 0, 0, 0, 0, 0, 0, 0, 0], e.ConfusionMatrix[0]);
        Assert.Equal([1, 0, 1, 0, 0, 0, 0, 0, 0, 0], e.ConfusionMatrix[1]);
        Assert.Equal([0, 0, 1, 0, 0, 0, 0, 0, 0, 0], e.ConfusionMatrix[2]);
        Assert.Equal(new ClassMetrics(0, 1, 2, 0.5, 1.0), e.Classes[0]);
        Assert.Equal(new ClassMetrics(1, 2, 0, null, 0.0), e.Classes[1]);
        Assert.Equal(new ClassMetrics(3, 0, 0, null, null), e.Classes[3]);
        Assert.Equal([(3, 1, 0, 0.9f), (1, 1, 2, 0.7f)], e.MostConfidentlyWrong.Select(w => (w.Index, w.Label, w.Predicted, (float)w.Confidence)));
        Assert.Equal([3f], e.MostConfidentlyWrong[0].Pixels);
        Assert.Single(ModelEvaluator.Summarize(probabilities, labels, wrongCount: 1, i => [i]).MostConfidentlyWrong);
    }

    [Fact]
    public void Evaluate_SavedWeights_AccuracyEqualsTheTrainersTestAccuracy_PixelsAreTheTestImages()
    {
        var layers = NetworkLayers.From(TestArchitectures.Tiny());
        var weights = Path.Combine(_dir, "w.bin");
        var trained = new Trainer(layers, MnistTestData.Dataset, new TrainingOptions { BatchSize = 32, TrainLimit = 320, TestLimit = 700, Seed = 3 })
            .Run(weights);

        var e = ModelEvaluator.Evaluate(layers, weights, MnistTestData.Dataset, testLimit: 700, "cpu", wrongCount: 20);

        Assert.Equal(700, e.TestCount);
        Assert.Equal(trained.TestAccuracy, e.Accuracy);
        Assert.Equal(700, e.ConfusionMatrix.Sum(r => r.Sum()));
        Assert.Equal(Math.Min(20, 700 - (int)Math.Round(e.Accuracy * 700)), e.MostConfidentlyWrong.Count);
        var raw = File.ReadAllBytes(Path.Combine(MnistTestData.Root, "t10k-images-idx3-ubyte"));
        var labels = File.ReadAllBytes(Path.Combine(MnistTestData.Root, "t10k-labels-idx1-ubyte"));
        foreach (var w in e.MostConfidentlyWrong)
        {
            Assert.Equal(labels[8 + w.Index], w.Label);
            Assert.NotEqual(w.Label, w.Predicted);
            Assert.Equal(w.Probabilities.Max(), (float)w.Confidence);
            var expected = raw.AsSpan(16 + w.Index * 784, 784).ToArray().Select(b => b / 255f);
            Assert.All(expected.Zip(w.Pixels), p => Assert.Equal(p.First, p.Second, 1e-5f));
        }
    }

    private static float[] P(int digit, float p)
    {
        var row = Enumerable.Repeat((1 - p) / 9, 10).ToArray();
        row[digit] = p;
        return row;
    }
}
