using System.Diagnostics;
using CnnApi.Torch.Mnist;
using CnnApi.Torch.Networks;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace CnnApi.Torch.Training;

/// <summary>
/// Trains a network on MNIST, synchronously on the calling thread (run it on a dedicated thread: dispose
/// scopes are per thread, and nothing here awaits). Same seed, options and thread count give the same
/// history on CPU. Reports progress at most every <see cref="ProgressInterval"/>, each epoch's results,
/// checkpoints after each epoch when asked, and saves the final weights.
/// </summary>
public sealed class Trainer(IReadOnlyList<NetworkLayer> layers, MnistDataset data, TrainingOptions options)
{
    public Action<TrainingProgress>? Progress { get; init; }
    public Action<EpochResult>? EpochCompleted { get; init; }
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Where to write a checkpoint after each epoch (atomically); null for none.</summary>
    public string? CheckpointPath { get; init; }

    /// <summary>
    /// Runs the remaining epochs (all of them, or those after the checkpoint <paramref name="resumeFrom"/>),
    /// evaluates on the test set and saves the weights to <paramref name="weightsPath"/>. Throws
    /// <see cref="OperationCanceledException"/> between batches when cancelled, having written no weights.
    /// </summary>
    public TrainingResult Run(string weightsPath, CancellationToken cancellationToken = default, string? resumeFrom = null)
    {
        var device = new Device(options.Device);
        Seed(options.Seed, device);
        using var model = NetworkBuilder.Build(layers);
        model.to(device);
        using var optimizer = Optimizers.Create(options.Optimizer, model.parameters(), options);

        int firstEpoch = 1;
        var history = new List<EpochResult>();
        if (resumeFrom is not null)
        {
            (int done, history) = Checkpoint.Load(resumeFrom, model, optimizer, options.Seed);
            firstEpoch = done + 1;
        }

        int images = Math.Min(options.TrainLimit ?? data.TrainCount, data.TrainCount);
        int trainCount = (int)Math.Floor(images * (1 - options.ValidationSplit));
        int batches = (trainCount + options.BatchSize - 1) / options.BatchSize;
        for (int epoch = firstEpoch; epoch <= options.Epochs; epoch++)
        {
            var result = RunEpoch(model, optimizer, device, epoch, trainCount, images, batches, cancellationToken);
            history.Add(result);
            if (CheckpointPath is not null)
                Checkpoint.Save(CheckpointPath, model, optimizer, epoch, options.Seed, history);
            EpochCompleted?.Invoke(result);
        }

        int tests = Math.Min(options.TestLimit ?? data.TestCount, data.TestCount);
        using var testImages = data.TestImages.narrow(0, 0, tests);
        using var testLabels = data.TestLabels.narrow(0, 0, tests);
        var (testLoss, testAccuracy) = Evaluator.Evaluate(model, testImages, testLabels, device, cancellationToken);
        cancellationToken.ThrowIfCancellationRequested();
        var sha = ModelFiles.Save(model, weightsPath);
        return new TrainingResult(history, testLoss, testAccuracy, weightsPath, sha);
    }

    private EpochResult RunEpoch(nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, Device device,
        int epoch, int trainCount, int images, int batches, CancellationToken cancellationToken)
    {
        // Shuffle order and dropout masks depend on (seed, epoch) only, so a resumed run repeats them.
        int epochSeed = unchecked(options.Seed * 1_000_003 + epoch);
        Seed(epochSeed, device);
        var order = Enumerable.Range(0, trainCount).Select(i => (long)i).ToArray();
        new Random(epochSeed).Shuffle(order);

        var clock = Stopwatch.StartNew();
        var sinceProgress = Stopwatch.StartNew();
        double lossSum = 0;
        long correct = 0;
        model.train();
        for (int batch = 0; batch < batches; batch++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using (var scope = NewDisposeScope())
            {
                int start = batch * options.BatchSize, length = Math.Min(options.BatchSize, trainCount - start);
                var index = tensor(order.AsSpan(start, length).ToArray());
                var x = data.TrainImages.index_select(0, index).to(device);
                var y = data.TrainLabels.index_select(0, index).to(device);
                optimizer.zero_grad();
                var logits = model.forward(x);
                var loss = F.cross_entropy(logits, y);
                loss.backward();
                optimizer.step();
                lossSum += loss.item<float>() * length;
                correct += logits.argmax(1).eq(y).sum().item<long>();
            }
            if (Progress is not null && sinceProgress.Elapsed >= ProgressInterval)
            {
                Progress(new TrainingProgress(epoch, options.Epochs, batch + 1, batches));
                sinceProgress.Restart();
            }
        }
        double trainSeconds = clock.Elapsed.TotalSeconds;

        double? valLoss = null, valAccuracy = null;
        if (images > trainCount)
        {
            using var valImages = data.TrainImages.narrow(0, trainCount, images - trainCount);
            using var valLabels = data.TrainLabels.narrow(0, trainCount, images - trainCount);
            (valLoss, valAccuracy) = Evaluator.Evaluate(model, valImages, valLabels, device, cancellationToken);
        }
        return new EpochResult(epoch, lossSum / trainCount, (double)correct / trainCount, valLoss, valAccuracy,
            clock.Elapsed.TotalSeconds, trainCount / trainSeconds);
    }

    private static void Seed(int seed, Device device)
    {
        manual_seed(seed);
        if (device.type == DeviceType.CUDA) cuda.manual_seed_all(seed);
    }
}
