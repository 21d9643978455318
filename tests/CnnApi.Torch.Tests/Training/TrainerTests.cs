using CnnApi.Architectures.Layers;
using CnnApi.Torch.Networks;
using CnnApi.Torch.Training;
using static TorchSharp.torch;

namespace CnnApi.Torch.Tests.Training;

/// <summary>Trains on a few hundred real MNIST images: seconds, not minutes.</summary>
public sealed class TrainerTests : IDisposable
{
    private static readonly TrainingOptions Quick = new()
    {
        Epochs = 2, BatchSize = 32, TrainLimit = 640, ValidationSplit = 0.2, TestLimit = 500, Seed = 7,
    };
    private readonly string _dir = Directory.CreateTempSubdirectory("trainer-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Run_SameSeedTwice_SameHistoryAndWeights()
    {
        var first = Train(Quick, "a.bin");
        var second = Train(Quick, "b.bin");

        Assert.Equal(Metrics(first), Metrics(second));
        Assert.Equal(first.WeightsSha256, second.WeightsSha256);
    }

    [Fact]
    public void Run_ResumeFromEpoch1Checkpoint_SameAsTwoEpochsStraight()
    {
        var straight = Train(Quick, "straight.bin");
        var checkpoint = Path.Combine(_dir, "epoch.ckpt");
        Train(Quick with { Epochs = 1 }, "first.bin", checkpoint);

        // Fresh objects throughout, as in a new process: only the checkpoint file carries state.
        var resumed = new Trainer(NetworkLayers.From(TestArchitectures.Tiny()), MnistTestData.Dataset, Quick)
            .Run(Path.Combine(_dir, "resumed.bin"), resumeFrom: checkpoint);

        // Bit for bit: weights, BatchNorm statistics and optimiser state are restored exactly.
        Assert.Equal(Metrics(straight), Metrics(resumed));
        Assert.Equal(straight.History.Count, resumed.History.Count);
        Assert.Equal(straight.WeightsSha256, resumed.WeightsSha256);
    }

    [Fact]
    public void Run_CancelledDuringEpoch_ThrowsAndWritesNoWeights()
    {
        using var cts = new CancellationTokenSource();
        var weights = Path.Combine(_dir, "cancelled.bin");
        var trainer = new Trainer(NetworkLayers.From(TestArchitectures.Tiny()), MnistTestData.Dataset, Quick)
        {
            ProgressInterval = TimeSpan.Zero,
            Progress = p => { if (p.Batch == 3) cts.Cancel(); },
        };

        Assert.Throws<OperationCanceledException>(() => trainer.Run(weights, cts.Token));

        Assert.Empty(Directory.GetFiles(_dir));
    }

    [Fact]
    public void Run_WithCallbacks_ReportsProgressAndEveryEpoch()
    {
        var progress = new List<TrainingProgress>();
        var epochs = new List<EpochResult>();
        var trainer = new Trainer(NetworkLayers.From(TestArchitectures.Tiny()), MnistTestData.Dataset, Quick)
        {
            ProgressInterval = TimeSpan.Zero, Progress = progress.Add, EpochCompleted = epochs.Add,
        };

        var result = trainer.Run(Path.Combine(_dir, "w.bin"));

        Assert.Equal(2 * 16, progress.Count); // 512 training images / 32 per batch, twice
        Assert.Equal(1.0, progress[^1].Fraction);
        Assert.Equal(result.History, epochs);
        Assert.All(epochs, e => Assert.NotNull(e.ValAccuracy));
        // BatchNorm's moving statistics (momentum 0.99) have barely moved after 32 batches: above chance is all to expect.
        Assert.True(result.TestAccuracy > 0.2, $"test accuracy {result.TestAccuracy}");
        Assert.Equal(ModelFiles.Sha256(result.WeightsPath), result.WeightsSha256);
    }

    [Fact]
    public void Run_SeedValid1Epoch_LearnsDigits()
    {
        var options = new TrainingOptions { Epochs = 1, BatchSize = 64, TrainLimit = 1024, TestLimit = 1000, Seed = 1 };
        var result = new Trainer(NetworkLayers.From(TestArchitectures.Seed(Padding.Valid)), MnistTestData.Dataset, options)
            .Run(Path.Combine(_dir, "seed.bin"));

        Assert.True(result.TestAccuracy > 0.8, $"test accuracy {result.TestAccuracy}");
        Assert.True(result.History[0].ImagesPerSecond > 0);
    }

    private TrainingResult Train(TrainingOptions options, string weights, string? checkpoint = null) =>
        new Trainer(NetworkLayers.From(TestArchitectures.Tiny()), MnistTestData.Dataset, options) { CheckpointPath = checkpoint }
            .Run(Path.Combine(_dir, weights));

    private static double[] Metrics(TrainingResult r) =>
        [.. r.History.SelectMany(h => new[] { h.Loss, h.Accuracy, h.ValLoss!.Value, h.ValAccuracy!.Value }), r.TestLoss, r.TestAccuracy];
}
