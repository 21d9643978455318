using CnnApi.Predictions.Batching;
using CnnApi.Torch.Devices;
using CnnApi.Torch.Inference;

namespace CnnApi.Predictions;

/// <summary>A model in memory: its predictor and the batcher that feeds it.</summary>
public sealed class LoadedModel : IDisposable, IAsyncDisposable
{
    private readonly Predictor _predictor;

    public LoadedModel(Guid id, Predictor predictor, DynamicBatcherOptions batching, int torchThreads)
    {
        Id = id;
        _predictor = predictor;
        var threadsSet = false;
        Batcher = new DynamicBatcher<float[], float[]>(images =>
        {
            // libtorch's intra-op thread count is kept per OS thread (OpenMP): set it once on this batcher's own
            // thread, so serving and a training job in the same process each use their own count.
            if (!threadsSet && torchThreads > 0) TorchThreads.Set(torchThreads);
            threadsSet = true;
            return _predictor.Predict(images);
        }, batching);
    }

    public Guid Id { get; }
    public DynamicBatcher<float[], float[]> Batcher { get; }

    /// <summary>Lets queued requests finish, then frees the network.</summary>
    public void Dispose()
    {
        Batcher.Dispose();
        _predictor.Dispose();
    }

    /// <summary>As <see cref="Dispose"/>, without blocking a thread while queued requests finish (eviction).</summary>
    public async ValueTask DisposeAsync()
    {
        await Batcher.DisposeAsync();
        _predictor.Dispose();
    }
}
