using System.Diagnostics;
using CnnApi.Torch.Mnist;
using CnnApi.Torch.Networks;
using CnnApi.Torch.Training.Callbacks;
using CnnApi.Torch.Training.Optimizers;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CnnApi.Torch.Training;

/// <summary>
/// Trains a network on MNIST, synchronously on the calling thread (run it on a dedicated thread: dispose
/// scopes are per thread, and nothing here awaits). Same seed, options and thread count give the same
/// history on CPU. Reports progress at most every <see cref="ProgressInterval"/>, each epoch's results,
/// checkpoints after each epoch when asked (and inside an epoch when suspended), and saves the final weights.
/// Callbacks (<see cref="TrainingCallbacks"/>: schedule, ReduceLROnPlateau, early stopping) act between epochs.
/// </summary>
public sealed class Trainer(IReadOnlyList<NetworkLayer> layers, MnistDataset data, TrainingOptions options)
{
    public Action<TrainingProgress>? Progress { get; init; }
    public Action<EpochResult>? EpochCompleted { get; init; }
    /// <summary>Called once when a resume has loaded its checkpoint, with the epochs that checkpoint had finished.</summary>
    public Action<IReadOnlyList<EpochResult>>? Resumed { get; init; }
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Where to write a checkpoint after each epoch and when suspended (atomically); null for none (and no suspending).</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>
    /// Runs the remaining epochs (all of them, or those after the checkpoint <paramref name="resumeFrom"/>, which
    /// may stop inside an epoch), evaluates on the test set and saves the weights to <paramref name="weightsPath"/>.
    /// <paramref name="cancellationToken"/> (user cancel) throws <see cref="OperationCanceledException"/> between
    /// batches, writing nothing more. <paramref name="suspend"/> (shutdown) finishes the current batch, writes a
    /// checkpoint of the exact position to <see cref="CheckpointPath"/> (required then, else
    /// <see cref="InvalidOperationException"/> up front) and throws <see cref="TrainingSuspendedException"/>.
    /// </summary>
    public TrainingResult Run(string weightsPath, CancellationToken cancellationToken = default, string? resumeFrom = null,
        CancellationToken suspend = default)
    {
        if (suspend.CanBeCanceled && CheckpointPath is null)
            throw new InvalidOperationException("a suspendable run needs a CheckpointPath to write its checkpoint to");
        var device = new Device(options.Device);
        // A resume (or continued training) loads every weight: random initialisation would be thrown away.
        var initialWeights = resumeFrom is null ? options.InitialWeightsPath : null;
        using var model = TorchRandom.Initialised(options.Seed, device,
            () => NetworkBuilder.Build(layers, initialize: resumeFrom is null && initialWeights is null));
        if (initialWeights is not null) model.load(initialWeights, strict: true);
        model.to(device);
        using var optimizer = KerasOptimizer.Create(options.Optimizer, model.parameters(), options);
        using var callbacks = new TrainingCallbacks(options);

        int images = Math.Min(options.TrainLimit ?? data.TrainCount, data.TrainCount);
        int trainCount = (int)Math.Floor(images * (1 - options.ValidationSplit));
        int batches = (trainCount + options.BatchSize - 1) / options.BatchSize;
        var state = resumeFrom is null
            ? new CheckpointState(0, [], null)
            : Checkpoint.Load(resumeFrom, model, optimizer, callbacks, options, batches);
        var history = state.History;
        if (resumeFrom is not null) Resumed?.Invoke(history);
        var run = new EpochRun(model, optimizer, callbacks, device, trainCount, images, batches, cancellationToken, suspend, history);
        var position = state.Position;
        int epoch = state.CompletedEpochs + 1;
        for (; epoch <= options.Epochs && callbacks.EarlyStopReason is null; epoch++)
        {
            var result = RunEpoch(run, epoch, position);
            position = null;
            history.Add(result);
            callbacks.EpochEnded(result, model);
            if (CheckpointPath is not null)
                Checkpoint.Save(CheckpointPath, model, optimizer, callbacks, options.Seed, batches, epoch, history);
            EpochCompleted?.Invoke(result);
        }
        if (suspend.IsCancellationRequested) Suspend(run, epoch, null);
        var stopReason = callbacks.TrainEnded(model);

        int tests = Math.Min(options.TestLimit ?? data.TestCount, data.TestCount);
        using var testImages = data.TestImages.narrow(0, 0, tests);
        using var testLabels = data.TestLabels.narrow(0, 0, tests);
        var (testLoss, testAccuracy) = Evaluator.Evaluate(model, testImages, testLabels, device, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var sha = ModelFiles.Save(model, weightsPath);
        return new TrainingResult(history, testLoss, testAccuracy, weightsPath, sha, stopReason);
    }

    /// <summary>What every epoch of one run shares.</summary>
    private sealed record EpochRun(nn.Module<Tensor, Tensor> Model, KerasOptimizer Optimizer, TrainingCallbacks Callbacks, Device Device, int TrainCount,
        int Images, int Batches, CancellationToken Cancellation, CancellationToken Suspend, List<EpochResult> History);

    /// <summary>Checkpoints before <paramref name="epoch"/> (at <paramref name="position"/> inside it, if any) and throws.</summary>
    private void Suspend(EpochRun run, int epoch, EpochPosition? position)
    {
        Checkpoint.Save(CheckpointPath!, run.Model, run.Optimizer, run.Callbacks, options.Seed, run.Batches, epoch - 1, run.History, position);
        throw new TrainingSuspendedException(CheckpointPath!, epoch, position?.NextBatch ?? 0, run.Suspend);
    }

    /// <summary>Batches between two <see cref="SweepNativeGarbage"/> calls.</summary>
    internal const int NativeSweepBatches = 32;

    /// <summary>
    /// TorchSharp frees some native objects only in finalizers (the Scalars its own code converts implicitly, which no
    /// dispose scope tracks: dotnet/TorchSharp#1496), and training allocates so little managed memory that the GC hardly
    /// ever runs: measured, lenet5's resident memory grew about 1 MB per 47 batches, without end (+135 MB after 100 epochs
    /// of 6,000 images). A young-generation collection every <see cref="NativeSweepBatches"/> batches queues them for
    /// finalization; it costs tens of microseconds on a training thread's small heap.
    /// </summary>
    internal static void SweepNativeGarbage() => GC.Collect(1, GCCollectionMode.Forced, blocking: true, compacting: false);

    private EpochResult RunEpoch(EpochRun run, int epoch, EpochPosition? resume)
    {
        var (model, optimizer, callbacks, device, trainCount, images, batches, cancellationToken, suspend, _) = run;
        double learningRate = optimizer.LearningRate = callbacks.RateFor(epoch);
        // Shuffle order and dropout masks depend on (seed, epoch) only, so a resumed run repeats them;
        // inside an epoch, the saved state of the job's own generator continues the dropout stream.
        int epochSeed = unchecked(options.Seed * 1_000_003 + epoch);
        using var random = TorchRandom.ForEpoch(epochSeed, device, resume?.RngState);
        var order = Enumerable.Range(0, trainCount).Select(i => (long)i).ToArray();
        new Random(epochSeed).Shuffle(order);

        double secondsBefore = resume?.Seconds ?? 0;
        var clock = Stopwatch.StartNew();
        var sinceProgress = Stopwatch.StartNew();
        double lossSum = resume?.LossSum ?? 0;
        long correct = resume?.Correct ?? 0;
        model.train();
        for (int batch = resume?.NextBatch ?? 0; batch < batches; batch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (suspend.IsCancellationRequested)
                Suspend(run, epoch, batch == 0 ? null
                    : new EpochPosition(batch, lossSum, correct, secondsBefore + clock.Elapsed.TotalSeconds, TorchRandom.Save(random)));
            using (var scope = NewDisposeScope())
            using (JobRandom.Use(random))
            {
                int start = batch * options.BatchSize, length = Math.Min(options.BatchSize, trainCount - start);
                var index = tensor(order.AsSpan(start, length).ToArray());
                var x = data.TrainImages.index_select(0, index).to(device);
                if (options.Augmentation is { IsIdentity: false } augmentation) x = BatchAugmenter.Apply(x, augmentation, epochSeed, batch);
                var y = data.TrainLabels.index_select(0, index).to(device);
                optimizer.ZeroGrad();
                var logits = model.forward(x);
                var loss = F.cross_entropy(logits, y);
                loss.backward();
                optimizer.Step();
                lossSum += loss.item<float>() * length;
                correct += logits.argmax(1).eq(y).sum().item<long>();
            }
            if ((batch + 1) % NativeSweepBatches == 0) SweepNativeGarbage();
            if (Progress is not null && sinceProgress.Elapsed >= ProgressInterval)
            {
                Progress(new TrainingProgress(epoch, options.Epochs, batch + 1, batches));
                sinceProgress.Restart();
            }
        }
        double trainSeconds = secondsBefore + clock.Elapsed.TotalSeconds;

        double? valLoss = null, valAccuracy = null;
        if (images > trainCount)
        {
            using var valImages = data.TrainImages.narrow(0, trainCount, images - trainCount);
            using var valLabels = data.TrainLabels.narrow(0, trainCount, images - trainCount);
            (valLoss, valAccuracy) = Evaluator.Evaluate(model, valImages, valLabels, device, cancellationToken);
        }
        return new EpochResult(epoch, lossSum / trainCount, (double)correct / trainCount, valLoss, valAccuracy,
            secondsBefore + clock.Elapsed.TotalSeconds, trainCount / trainSeconds, learningRate);
    }
}
