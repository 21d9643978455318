using CnnApi.Architectures.Layers;
using CnnApi.Architectures.Spec;
using CnnApi.Torch.Networks;
using CnnApi.Torch.Training;

namespace CnnApi.Torch.Tests.Training;

/// <summary>
/// Jobs training at once in one process each draw from their own generator: run in lock-step (one batch each, in turn
/// or at once), each history and weight file equals its solo run, and a mid-epoch suspend and resume taken while the
/// other job trains resumes bit-exactly.
/// </summary>
public sealed class ConcurrentTrainingTests : IDisposable
{
    private static readonly Size2 Two = Size2.Square(2);

    // Every layer that draws while training: flip, rotation, Gaussian noise and dropout, spatial and plain dropout.
    private static readonly Architecture Noisy = new("noisy", [28, 28, 1],
    [
        new RandomFlip(), new RandomRotation(new FactorRange(-0.05, 0.05)), TestArchitectures.Conv(6, stride: 2),
        new GaussianNoise(0.1), new SpatialDropout2D(0.2), new Pooling2D(PoolKind.Max, Two, Two, Padding.Valid),
        new GaussianDropout(0.1), new Dropout(0.3), new Flatten(), new Dense(10, ActivationKind.Softmax, true),
    ]);

    private static TrainingOptions Options(int seed) => new()
    {
        Epochs = 2, BatchSize = 32, TrainLimit = 640, ValidationSplit = 0.2, TestLimit = 300, Seed = seed,
    };

    private readonly string _dir = Directory.CreateTempSubdirectory("concurrent-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Run_TwoJobsInLockStep_EachEqualsItsSoloRun()
    {
        var soloA = Trainer(3).Run(File("solo-a.bin"));
        var soloB = Trainer(4).Run(File("solo-b.bin"));

        var (a, b) = InLockStep(
            step => Trainer(3, step).Run(File("a.bin")),
            step => Trainer(4, step).Run(File("b.bin")));

        AssertSameRun(soloA, a);
        AssertSameRun(soloB, b);
    }

    [Fact]
    public void Run_TwoJobsSuspendedAndResumedTogether_EachEqualsItsSoloRun()
    {
        var soloA = Trainer(5).Run(File("solo-a.bin"));
        var soloB = Trainer(6).Run(File("solo-b.bin"));
        string checkpointA = File("a.ckpt"), checkpointB = File("b.ckpt");
        using var suspendA = new CancellationTokenSource();
        using var suspendB = new CancellationTokenSource();

        // A stops inside epoch 1, B inside epoch 2, each while the other trains on.
        InLockStep(
            step => Assert.Throws<TrainingSuspendedException>(() => Trainer(5, p => { step(p); if (p is { Epoch: 1, Batch: 6 }) suspendA.Cancel(); }, checkpointA)
                .Run(File("a.bin"), suspend: suspendA.Token)),
            step => Assert.Throws<TrainingSuspendedException>(() => Trainer(6, p => { step(p); if (p is { Epoch: 2, Batch: 9 }) suspendB.Cancel(); }, checkpointB)
                .Run(File("b.bin"), suspend: suspendB.Token)));
        var (a, b) = InLockStep(
            step => Trainer(5, step, checkpointA).Run(File("a.bin"), resumeFrom: checkpointA),
            step => Trainer(6, step, checkpointB).Run(File("b.bin"), resumeFrom: checkpointB));

        AssertSameRun(soloA, a);
        AssertSameRun(soloB, b);
    }

    /// <summary>Runs both on their own threads, each waiting for the other after every batch (until one of them ends).</summary>
    private static (TA, TB) InLockStep<TA, TB>(Func<Action<TrainingProgress>, TA> first, Func<Action<TrainingProgress>, TB> second)
    {
        using var barrier = new Barrier(2);
        void Step(TrainingProgress _) => barrier.SignalAndWait(TimeSpan.FromMinutes(2));
        T Run<T>(Func<Action<TrainingProgress>, T> job)
        {
            try { return job(Step); }
            finally { barrier.RemoveParticipant(); }
        }
        var a = Task.Factory.StartNew(() => Run(first), TaskCreationOptions.LongRunning);
        var b = Task.Factory.StartNew(() => Run(second), TaskCreationOptions.LongRunning);
        Task.WaitAll(a, b);
        return (a.Result, b.Result);
    }

    private string File(string name) => Path.Combine(_dir, name);

    private static Trainer Trainer(int seed, Action<TrainingProgress>? progress = null, string? checkpoint = null) =>
        new(NetworkLayers.From(Noisy), MnistTestData.Dataset, Options(seed))
        {
            CheckpointPath = checkpoint, ProgressInterval = TimeSpan.Zero, Progress = progress,
        };

    private static void AssertSameRun(TrainingResult expected, TrainingResult actual)
    {
        Assert.Equal(Metrics(expected), Metrics(actual));
        Assert.Equal(expected.WeightsSha256, actual.WeightsSha256);
    }

    private static double[] Metrics(TrainingResult r) =>
        [.. r.History.SelectMany(h => new[] { h.Loss, h.Accuracy, h.ValLoss!.Value, h.ValAccuracy!.Value }), r.TestLoss, r.TestAccuracy];
}
