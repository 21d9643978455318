using CnnApi.Torch.Mnist;
using CnnApi.Torch.Networks;

namespace CnnApi.Torch.Training;

/// <summary>
/// Measures how fast this device trains a network: the real <see cref="Trainer"/> on synthetic MNIST-shaped data, epochs
/// of <c>batches</c> batches; the first is not timed (it builds libtorch's kernels and the allocator's pools), the fastest
/// of the <c>timedEpochs</c> after it counts (on a shared machine the fastest is the least disturbed).
/// Runs on the calling thread with its libtorch thread count.
/// </summary>
public static class ThroughputProbe
{
    /// <summary>Epochs of <see cref="ForJob"/>, the first untimed, and the fewest images one of them trains.</summary>
    public const int JobEpochs = 4, JobImagesPerEpoch = 1024;

    /// <summary>Batches per epoch of <see cref="ForJob"/>: at least two, and at least <see cref="JobImagesPerEpoch"/> images.</summary>
    public static int JobBatches(int batchSize) => Math.Max(2, (JobImagesPerEpoch + batchSize - 1) / batchSize);

    /// <summary>Training images <see cref="ForJob"/> runs in all (to predict its time).</summary>
    public static int JobImages(int batchSize) => JobEpochs * JobBatches(batchSize) * batchSize;

    /// <summary>
    /// The probe of an estimate: seconds per training image of the job's own network at the job's batch size, from
    /// <see cref="JobEpochs"/> epochs of <see cref="JobBatches"/> batches, and the warm-up the first of them paid on top
    /// (libtorch picking and building its kernels for these shapes: a fresh worker's first epoch pays it once).
    /// Random images: training speed does not depend on them (measured: the same with MNIST's, docs/benchmarks.md).
    /// </summary>
    public static ProbeResult ForJob(IReadOnlyList<NetworkLayer> layers, int batchSize, string device, CancellationToken cancellationToken = default)
    {
        var history = Run(layers, batchSize, JobBatches(batchSize), device, cancellationToken, timedEpochs: JobEpochs - 1);
        // The median timed epoch: the fastest is the least disturbed, but a short epoch can also be luckier than a job's.
        double perImage = 1 / history.Skip(1).Select(e => e.ImagesPerSecond).Order().ElementAt((history.Count - 1) / 2);
        var first = history[0];
        double images = first.ImagesPerSecond * first.Seconds;
        return new ProbeResult(perImage, Math.Max(0, first.Seconds - images * perImage));
    }

    /// <summary>Seconds one training image took in the fastest timed epoch.</summary>
    public static double SecondsPerImage(IReadOnlyList<NetworkLayer> layers, int batchSize, int batches, string device,
        CancellationToken cancellationToken = default, int timedEpochs = 2) =>
        1 / Run(layers, batchSize, batches, device, cancellationToken, timedEpochs).Skip(1).Max(e => e.ImagesPerSecond);

    private static IReadOnlyList<EpochResult> Run(IReadOnlyList<NetworkLayer> layers, int batchSize, int batches, string device,
        CancellationToken cancellationToken, int timedEpochs)
    {
        using var data = MnistDataset.Synthetic(batchSize * batches, 1, seed: 1);
        var dir = Directory.CreateTempSubdirectory("cnnapi-probe-");
        try
        {
            return new Trainer(layers, data, new TrainingOptions { Epochs = 1 + timedEpochs, BatchSize = batchSize, Device = device, Seed = 1 })
                .Run(Path.Combine(dir.FullName, "weights.bin"), cancellationToken).History;
        }
        finally { dir.Delete(recursive: true); }
    }
}

/// <summary>What <see cref="ThroughputProbe.ForJob"/> measured: steady seconds per training image, and the one-time warm-up.</summary>
public sealed record ProbeResult(double SecondsPerImage, double WarmupSeconds);
