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
    public const int JobEpochs = 3, JobImagesPerEpoch = 512;

    /// <summary>Batches per epoch of <see cref="ForJob"/>: at least two, and at least <see cref="JobImagesPerEpoch"/> images.</summary>
    public static int JobBatches(int batchSize) => Math.Max(2, (JobImagesPerEpoch + batchSize - 1) / batchSize);

    /// <summary>Training images <see cref="ForJob"/> runs in all (to predict its time).</summary>
    public static int JobImages(int batchSize) => JobEpochs * JobBatches(batchSize) * batchSize;

    /// <summary>
    /// The probe of an estimate: seconds per training image of the job's own network at the job's batch size, from
    /// <see cref="JobEpochs"/> epochs of <see cref="JobBatches"/> batches (the first warms up).
    /// </summary>
    public static double ForJob(IReadOnlyList<NetworkLayer> layers, int batchSize, string device, CancellationToken cancellationToken = default) =>
        SecondsPerImage(layers, batchSize, JobBatches(batchSize), device, cancellationToken, timedEpochs: JobEpochs - 1);

    /// <summary>Seconds one training image took in the fastest timed epoch.</summary>
    public static double SecondsPerImage(IReadOnlyList<NetworkLayer> layers, int batchSize, int batches, string device,
        CancellationToken cancellationToken = default, int timedEpochs = 2)
    {
        using var data = MnistDataset.Synthetic(batchSize * batches, 1, seed: 1);
        var dir = Directory.CreateTempSubdirectory("cnnapi-probe-");
        try
        {
            var result = new Trainer(layers, data, new TrainingOptions { Epochs = 1 + timedEpochs, BatchSize = batchSize, Device = device, Seed = 1 })
                .Run(Path.Combine(dir.FullName, "weights.bin"), cancellationToken);
            return 1 / result.History.Skip(1).Max(e => e.ImagesPerSecond);
        }
        finally { dir.Delete(recursive: true); }
    }
}
