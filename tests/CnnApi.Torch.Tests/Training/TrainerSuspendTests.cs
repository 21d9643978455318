using CnnApi.Torch.Networks;
using CnnApi.Torch.Training;
using static TorchSharp.torch;

namespace CnnApi.Torch.Tests.Training;

/// <summary>Suspend (graceful shutdown) checkpoints the exact position; a resume in fresh objects finishes as if never stopped.</summary>
public sealed class TrainerSuspendTests : IDisposable
{
    // 512 training images / 32 = 16 batches per epoch; dropout makes the generator state matter.
    private static readonly TrainingOptions Quick = new()
    {
        Epochs = 2, BatchSize = 32, TrainLimit = 640, ValidationSplit = 0.2, TestLimit = 500, Seed = 11,
    };
    private readonly string _dir = Directory.CreateTempSubdirectory("suspend-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(1, 5, 1, 5)]    // inside epoch 1
    [InlineData(2, 9, 2, 9)]    // inside epoch 2: Adam state, BatchNorm statistics and history of epoch 1 too
    [InlineData(1, 16, 2, 0)]   // after epoch 1's last batch: stops at the epoch boundary
    [InlineData(2, 16, 3, 0)]   // after the last epoch: only the test evaluation is left
    public void Run_SuspendedThenResumed_SameHistoryAndWeightsAsStraight(int epoch, int afterBatch, int stopEpoch, int stopBatch)
    {
        var straight = Trainer().Run(Path.Combine(_dir, "straight.bin"));
        using var suspend = new CancellationTokenSource();
        var checkpoint = Path.Combine(_dir, "run.ckpt");
        var weights = Path.Combine(_dir, "resumed.bin");
        var first = Trainer(checkpoint, p => { if (p.Epoch == epoch && p.Batch == afterBatch) suspend.Cancel(); });

        var stopped = Assert.Throws<TrainingSuspendedException>(() => first.Run(weights, suspend: suspend.Token));

        Assert.Equal((stopEpoch, stopBatch, checkpoint), (stopped.Epoch, stopped.NextBatch, stopped.CheckpointPath));
        Assert.Equal(suspend.Token, stopped.CancellationToken);
        Assert.False(File.Exists(weights));
        using var never = new CancellationTokenSource();
        var resumed = Trainer(checkpoint).Run(weights, resumeFrom: checkpoint, suspend: never.Token);
        AssertSameRun(straight, resumed);
    }

    [Fact]
    public void Run_SuspendedBeforeFirstBatch_ResumesToSameResult()
    {
        var straight = Trainer().Run(Path.Combine(_dir, "straight.bin"));
        var checkpoint = Path.Combine(_dir, "run.ckpt");
        using var suspend = new CancellationTokenSource();
        suspend.Cancel();

        var stopped = Assert.Throws<TrainingSuspendedException>(() => Trainer(checkpoint).Run(Path.Combine(_dir, "x.bin"), suspend: suspend.Token));

        Assert.Equal((1, 0), (stopped.Epoch, stopped.NextBatch));
        AssertSameRun(straight, Trainer(checkpoint).Run(Path.Combine(_dir, "resumed.bin"), resumeFrom: checkpoint));
    }

    [Fact]
    public void Run_TwoSuspendsInOneEpoch_ResumesToSameResult()
    {
        var straight = Trainer().Run(Path.Combine(_dir, "straight.bin"));
        var checkpoint = Path.Combine(_dir, "run.ckpt");
        string? resumeFrom = null;
        foreach (var at in new[] { 3, 11 })
        {
            using var suspend = new CancellationTokenSource();
            var trainer = Trainer(checkpoint, p => { if (p.Epoch == 1 && p.Batch == at) suspend.Cancel(); });
            Assert.Throws<TrainingSuspendedException>(() => trainer.Run(Path.Combine(_dir, "x.bin"), default, resumeFrom, suspend.Token));
            resumeFrom = checkpoint;
        }

        AssertSameRun(straight, Trainer(checkpoint).Run(Path.Combine(_dir, "resumed.bin"), resumeFrom: checkpoint));
    }

    [Fact]
    public void Run_UserCancelWithSuspendTokenSet_PlainCancelAndNoCheckpoint()
    {
        using var cancel = new CancellationTokenSource();
        using var suspend = new CancellationTokenSource();
        var checkpoint = Path.Combine(_dir, "run.ckpt");
        var trainer = Trainer(checkpoint, p => { if (p.Batch == 4) cancel.Cancel(); });

        var e = Assert.ThrowsAny<OperationCanceledException>(() => trainer.Run(Path.Combine(_dir, "w.bin"), cancel.Token, suspend: suspend.Token));

        Assert.IsNotType<TrainingSuspendedException>(e);
        Assert.False(File.Exists(checkpoint));
    }

    [Fact]
    public void Run_SuspendTokenWithoutCheckpointPath_ThrowsInvalidOperation()
    {
        using var suspend = new CancellationTokenSource();

        var e = Assert.Throws<InvalidOperationException>(() => Trainer().Run(Path.Combine(_dir, "w.bin"), suspend: suspend.Token));

        Assert.Contains("CheckpointPath", e.Message);
    }

    private static Trainer Trainer(string? checkpoint = null, Action<TrainingProgress>? progress = null) =>
        new(NetworkLayers.From(TestArchitectures.Tiny()), MnistTestData.Dataset, Quick)
        {
            CheckpointPath = checkpoint, ProgressInterval = TimeSpan.Zero, Progress = progress,
        };

    /// <summary>Bit for bit: the same metrics and the same weight file bytes (optimiser state and generator state restored exactly).</summary>
    private static void AssertSameRun(TrainingResult expected, TrainingResult actual)
    {
        Assert.Equal(expected.History.Select(h => h.Epoch), actual.History.Select(h => h.Epoch));
        Assert.Equal(Metrics(expected), Metrics(actual));
        Assert.Equal(expected.WeightsSha256, actual.WeightsSha256);
    }

    private static double[] Metrics(TrainingResult r) =>
        [.. r.History.SelectMany(h => new[] { h.Loss, h.Accuracy, h.ValLoss!.Value, h.ValAccuracy!.Value }), r.TestLoss, r.TestAccuracy];
}
