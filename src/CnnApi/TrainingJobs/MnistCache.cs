using CnnApi.Torch.Mnist;
using Microsoft.Extensions.Options;

namespace CnnApi.TrainingJobs;

/// <summary>
/// MNIST loaded once (verified against its SHA-256) and shared by every job on this node. A failed load is
/// not remembered, so putting the files in place fixes the next job without a restart.
/// </summary>
public sealed class MnistCache(IOptions<DatasetOptions> options) : IDisposable
{
    private readonly Lock _lock = new();
    private MnistDataset? _dataset;

    /// <summary>The data set; throws <see cref="MnistDataException"/> naming the missing or corrupt file.</summary>
    public MnistDataset Get()
    {
        lock (_lock) return _dataset ??= MnistDataset.Load(options.Value.FullRoot());
    }

    public void Dispose() => _dataset?.Dispose();
}
