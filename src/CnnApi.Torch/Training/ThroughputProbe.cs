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
