using CnnApi.Torch.Inference;
using CnnApi.Torch.Mnist;
using CnnApi.Torch.Networks;
using CnnApi.Torch.Training;
using TorchSharp;

namespace CnnApi.Torch.Tests.Inference;

/// <summary>One small model trained once for all tests in this class.</summary>
public sealed class PredictorTests : IClassFixture<PredictorTests.TrainedModel>
{
    private const int Images = 300;
    private readonly TrainedModel _model;

    public PredictorTests(TrainedModel model) => _model = model;

    [Fact]
    public void Predict_RawTestPixels_SameAccuracyAsTrainerTestEvaluation()
    {
        var (pixels, _, _, _) = IdxFile.ReadImages(Path.Combine(MnistTestData.Root, MnistFiles.TestImages.Name));
        var labels = IdxFile.ReadLabels(Path.Combine(MnistTestData.Root, MnistFiles.TestLabels.Name));
        var images = Enumerable.Range(0, Images)
            .Select(i => pixels.AsSpan(i * 784, 784).ToArray().Select(p => p / 255f).ToArray()).ToList();
        using var predictor = Predictor.Load(_model.Layers, _model.Result.WeightsPath);

        var probabilities = predictor.Predict(images);

        int correct = probabilities.Select((p, i) => Array.IndexOf(p, p.Max()) == labels[i] ? 1 : 0).Sum();
        // Same normalisation and eval mode as the trainer's test evaluation, so the same answers.
        Assert.Equal(_model.Result.TestAccuracy, correct / (double)Images, 6);
        Assert.All(probabilities, p => Assert.Equal(1.0, p.Sum(), 4));
    }

    [Fact]
    public void Predict_Batch_LeavesNoLiveTensor()
    {
        using var predictor = Predictor.Load(_model.Layers, _model.Result.WeightsPath);
        var batch = new float[3 * Predictor.Pixels];
        DisposeScopeManager.Statistics.Reset();

        var output = predictor.Predict(batch);

        Assert.Equal(3 * Predictor.Classes, output.Length);
        Assert.Equal(0, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void Predict_WrongPixelCount_ThrowsArgumentException()
    {
        using var predictor = Predictor.Load(_model.Layers, _model.Result.WeightsPath);

        Assert.Throws<ArgumentException>(() => predictor.Predict(new float[785]));
        Assert.Throws<ArgumentException>(() => predictor.Predict([new float[784], new float[10]]));
    }

    [Fact]
    public void Load_TrainedModel_LeavesTorchGeneratorStateUnchanged()
    {
        // A training job on another thread draws dropout masks from this generator: a load must not shift it.
        TorchSharp.torch.manual_seed(5);
        using var before = TorchSharp.torch.random.get_rng_state();

        using (Predictor.Load(_model.Layers, _model.Result.WeightsPath)) { }

        using var after = TorchSharp.torch.random.get_rng_state();
        Assert.Equal(before.data<byte>().ToArray(), after.data<byte>().ToArray());
    }

    [Fact]
    public void Load_NetworkNotOutputtingTenClasses_ThrowsArgumentException()
    {
        var layers = NetworkLayers.From(TestArchitectures.Tiny()).SkipLast(1).ToList();

        var e = Assert.Throws<ArgumentException>(() => Predictor.Load(layers, _model.Result.WeightsPath));

        Assert.Contains("output 10 values", e.Message);
    }

    [Fact]
    public void Load_LayersWithoutOutputShapes_ChecksTheLoadedNetwork()
    {
        var layers = _model.Layers.Select(l => l with { OutputShape = null }).ToList();
        using (Predictor.Load(layers, _model.Result.WeightsPath)) { }
        var headless = layers.SkipLast(1).ToList();
        var weights = Path.GetTempFileName();
        try
        {
            using (var network = NetworkBuilder.Build(headless)) ModelFiles.Save(network, weights);

            var e = Assert.Throws<ArgumentException>(() => Predictor.Load(headless, weights));

            Assert.Contains("output 10 values", e.Message);
        }
        finally
        {
            File.Delete(weights);
        }
    }

    public sealed class TrainedModel : IDisposable
    {
        private readonly string _dir = Directory.CreateTempSubdirectory("predictor-").FullName;

        public TrainedModel()
        {
            Layers = NetworkLayers.From(TestArchitectures.Tiny());
            var options = new TrainingOptions { Epochs = 1, TrainLimit = 512, TestLimit = Images, Seed = 3 };
            Result = new Trainer(Layers, MnistTestData.Dataset, options).Run(Path.Combine(_dir, "tiny.bin"));
        }

        public IReadOnlyList<NetworkLayer> Layers { get; }
        public TrainingResult Result { get; }

        public void Dispose() => Directory.Delete(_dir, recursive: true);
    }
}
