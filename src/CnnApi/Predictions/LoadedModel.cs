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

    private readonly Lock _gate = new();
    private int _users;
    private bool _retired, _disposed;

    /// <summary>Takes a use of the model; false once it has been freed (load it again). Pair with <see cref="Release"/>.</summary>
    public bool TryAcquire()
    {
        lock (_gate)
        {
            if (_disposed) return false;
            _users++;
            return true;
        }
    }

    /// <summary>Ends a use; the last use of a retired model frees it.</summary>
    public void Release()
    {
        lock (_gate)
        {
            _users--;
            if (!_retired || _users > 0 || _disposed) return;
            _disposed = true;
        }
        _ = DisposeQuietlyAsync();
    }

    /// <summary>
    /// The cache let go of the model (evicted, deleted): it is freed when its current uses end, on no thread of
    /// theirs — a request that already holds it finishes on it instead of failing or reloading.
    /// </summary>
    public void Retire()
    {
        lock (_gate)
        {
            _retired = true;
            if (_users > 0 || _disposed) return;
            _disposed = true;
        }
        _ = DisposeQuietlyAsync();
    }

    private async Task DisposeQuietlyAsync()
    {
        try { await DisposeAsync(); }
        catch (Exception) { /* freeing native memory must not fault an unobserved task */ }
    }

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
