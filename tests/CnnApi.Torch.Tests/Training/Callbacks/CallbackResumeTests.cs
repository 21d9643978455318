using System.Text;
using CnnApi.Torch.Networks;
using CnnApi.Torch.Training;
using CnnApi.Torch.Training.Callbacks;

namespace CnnApi.Torch.Tests.Training.Callbacks;

/// <summary>
/// Callback state goes into checkpoints: a run suspended anywhere and resumed in fresh objects makes the same
/// decisions (rates, stop, restored weights) as one never stopped; a v3 checkpoint (before callbacks) still resumes.
/// </summary>
public sealed class CallbackResumeTests : IDisposable
{
    // 16 batches per epoch. The plateau cuts the rate after epoch 2; early stopping stops after epoch 3 and restores epoch 1.
    private static readonly TrainingOptions WithCallbacks = new()
    {
        Epochs = 5, BatchSize = 32, TrainLimit = 640, ValidationSplit = 0.2, TestLimit = 300, Seed = 13,
        ReduceLrOnPlateau = new ReduceLrOnPlateau { Monitor = "loss", Patience = 1, MinDelta = 100, Factor = 0.5 },
        EarlyStopping = new EarlyStopping { Monitor = "val_loss", Patience = 2, MinDelta = 100, RestoreBestWeights = true },
    };
    private readonly string _dir = Directory.CreateTempSubdirectory("callback-resume-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(2, 7)]     // inside epoch 2, before the plateau's first cut
    [InlineData(3, 16)]    // after epoch 3's last batch: early stopping has decided, only restoring and testing are left
    public void Run_SuspendedThenResumed_SameRatesStopAndWeights(int epoch, int afterBatch)
    {
        var straight = Trainer(WithCallbacks).Run(Path.Combine(_dir, "straight.bin"));
        var checkpoint = Path.Combine(_dir, "run.ckpt");
        using var suspend = new CancellationTokenSource();
        var first = Trainer(WithCallbacks, checkpoint, p => { if (p.Epoch == epoch && p.Batch == afterBatch) suspend.Cancel(); });
        Assert.Throws<TrainingSuspendedException>(() => first.Run(Path.Combine(_dir, "x.bin"), suspend: suspend.Token));

        var resumed = Trainer(WithCallbacks).Run(Path.Combine(_dir, "resumed.bin"), resumeFrom: checkpoint);

        Assert.Equal([0.001, 0.001, 0.0005], straight.History.Select(h => h.LearningRate!.Value));
        Assert.StartsWith("early stopping: val_loss did not improve for 2 epochs; restored the weights of epoch 1", straight.StopReason);
        Assert.Equal(straight.StopReason, resumed.StopReason);
        Assert.Equal(Metrics(straight), Metrics(resumed));
        Assert.Equal(straight.WeightsSha256, resumed.WeightsSha256);
    }

    [Fact]
    public void Run_ResumedFromAV3Checkpoint_SameAsStraight_HistoryAtTheJobsRate()
    {
        var plain = WithCallbacks with { Epochs = 2, EarlyStopping = null, ReduceLrOnPlateau = null };
        var straight = Trainer(plain).Run(Path.Combine(_dir, "straight.bin"));
        var checkpoint = Path.Combine(_dir, "run.ckpt");
        using var suspend = new CancellationTokenSource();
        var first = Trainer(plain, checkpoint, p => { if (p.Epoch == 2 && p.Batch == 5) suspend.Cancel(); });
        Assert.Throws<TrainingSuspendedException>(() => first.Run(Path.Combine(_dir, "x.bin"), suspend: suspend.Token));
        var v3 = Path.Combine(_dir, "old.ckpt");
        File.WriteAllBytes(v3, AsV3(File.ReadAllBytes(checkpoint)));

        var resumed = Trainer(plain).Run(Path.Combine(_dir, "resumed.bin"), resumeFrom: v3);

        Assert.Equal(Metrics(straight), Metrics(resumed));
        Assert.Equal(straight.WeightsSha256, resumed.WeightsSha256);
        Assert.Equal([0.001, 0.001], resumed.History.Select(h => h.LearningRate!.Value));
    }

    /// <summary>
    /// The v3 layout of a v4 checkpoint without callbacks: the same header, history entries without their rate, and
    /// no callback state at the end (rate 8 bytes, empty stop reason 1, two absent flags 2).
    /// </summary>
    private static byte[] AsV3(byte[] v4)
    {
        using var reader = new BinaryReader(new MemoryStream(v4));
        using var output = new MemoryStream();
        using var writer = new BinaryWriter(output, Encoding.UTF8);
        Assert.Equal("CnnApi.Torch checkpoint v4", reader.ReadString());
        writer.Write("CnnApi.Torch checkpoint v3");
        for (int i = 0; i < 3; i++) writer.Write(reader.ReadInt32()); // completed epochs, seed, batches
        int count = reader.ReadInt32();
        writer.Write(count);
        for (int i = 0; i < count; i++)
        {
            writer.Write(reader.ReadInt32());
            for (int d = 0; d < 6; d++) writer.Write(reader.ReadDouble());
            reader.ReadDouble(); // the rate, new in v4
        }
        const int callbackState = 8 + 1 + 1 + 1;
        writer.Write(reader.ReadBytes((int)(v4.Length - reader.BaseStream.Position - callbackState)));
        Assert.Equal(0.001, reader.ReadDouble());
        writer.Flush();
        return output.ToArray();
    }

    private static Trainer Trainer(TrainingOptions options, string? checkpoint = null, Action<TrainingProgress>? progress = null) =>
        new(NetworkLayers.From(TestArchitectures.Tiny()), MnistTestData.Dataset, options)
        {
            CheckpointPath = checkpoint, ProgressInterval = TimeSpan.Zero, Progress = progress,
        };

    private static double[] Metrics(TrainingResult r) =>
        [.. r.History.SelectMany(h => new[] { h.Loss, h.Accuracy, h.ValLoss!.Value, h.ValAccuracy!.Value, h.LearningRate!.Value }), r.TestLoss, r.TestAccuracy];
}
