using System.Collections.Concurrent;
using CnnApi.Architectures;
using CnnApi.Models;
using CnnApi.Predictions.Batching;
using CnnApi.Storage;
using CnnApi.Torch.Inference;
using CnnApi.Torch.Networks;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CnnApi.Predictions;

/// <summary>
/// Trained models loaded once and kept, least recently used leaving first when more than
/// <c>Predictions:CacheCapacity</c> are loaded. Two requests for a model not yet loaded share one load.
/// </summary>
public sealed class ModelCache(IDbContextFactory<CnnApiDb> dbs, ModelPaths paths, IOptions<PredictionOptions> options,
    ILogger<ModelCache> logger) : IDisposable
{
    private readonly ConcurrentDictionary<Guid, Lazy<Task<LoadedModel>>> _models = new();
    private readonly ConcurrentDictionary<Guid, long> _lastUsed = new();
    private readonly SemaphoreSlim _loads = new(1);
    private long _clock;

    /// <summary>The loaded model, or null when no model has that id (or its files are gone).</summary>
    public async Task<LoadedModel?> GetAsync(Guid id, CancellationToken ct)
    {
        PredictionMetrics.CacheLookups.WithLabels(IsLoaded(id) ? "hit" : "miss").Inc();
        var lazy = _models.GetOrAdd(id, key => new Lazy<Task<LoadedModel>>(() => LoadAsync(key)));
        try
        {
            var model = await lazy.Value.WaitAsync(ct);
            _lastUsed[id] = Interlocked.Increment(ref _clock);
            EvictOverCapacity();
            return model;
        }
        catch (ModelMissingException)
        {
            _models.TryRemove(KeyValuePair.Create(id, lazy));
            return null;
        }
        catch (Exception) when (lazy.Value.IsFaulted)
        {
            _models.TryRemove(KeyValuePair.Create(id, lazy)); // a failed load is retried next time
            throw;
        }
    }

    /// <summary>True when the model is in memory (for readiness).</summary>
    public bool IsLoaded(Guid id) => _models.TryGetValue(id, out var lazy) && lazy.IsValueCreated && lazy.Value.IsCompletedSuccessfully;

    /// <summary>Drops a model (deleted, or pushed out); requests already queued on it still complete.</summary>
    public void Evict(Guid id)
    {
        _lastUsed.TryRemove(id, out _);
        if (_models.TryRemove(id, out var lazy) && lazy.IsValueCreated) _ = RetireWhenLoadedAsync(lazy.Value);
    }

    // No thread waits while the evicted model's requests finish: the last of them frees it.
    private static async Task RetireWhenLoadedAsync(Task<LoadedModel> load)
    {
        try { (await load).Retire(); }
        catch (Exception) { /* a failed load has nothing to free */ }
    }

    private void EvictOverCapacity()
    {
        while (_models.Count > options.Value.CacheCapacity)
        {
            var oldest = _lastUsed.OrderBy(p => p.Value).Select(p => (Guid?)p.Key).FirstOrDefault();
            if (oldest is not { } id) return;
            logger.LogInformation("Model {ModelId} leaves the cache (least recently used)", id);
            Evict(id);
        }
    }

    private async Task<LoadedModel> LoadAsync(Guid id)
    {
        await using var db = await dbs.CreateDbContextAsync();
        var entity = await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id);
        var weights = paths.Weights(id);
        if (entity is null || !File.Exists(weights)) throw new ModelMissingException();
        Predictor predictor;
        // One load at a time: requests alternating over more models than the cache holds cost one load each, in turn,
        // instead of every model's weights and native memory at once.
        await _loads.WaitAsync();
        try
        {
            var layers = NetworkLayers.From(ArchitectureDocuments.SummarizeStored(entity.ArchitectureJson));
            // Loading is synchronous TorchSharp work: keep it off the request thread's synchronous path.
            predictor = await Task.Run(() => Predictor.Load(layers, weights));
        }
        catch (Exception e)
        {
            logger.LogError(e, "Model {ModelId} cannot be loaded from {WeightsFile}", id, weights);
            throw new ModelUnusableException(id);
        }
        finally
        {
            _loads.Release();
        }
        PredictionMetrics.ModelLoads.Inc();
        var o = options.Value;
        logger.LogInformation("Model {ModelId} loaded", id);
        return new LoadedModel(id, predictor, new DynamicBatcherOptions
        {
            Window = TimeSpan.FromMilliseconds(o.BatchWindowMilliseconds),
            // Window 0 still batches what queued up during the previous pass (no added wait); MaxBatchSize 1 turns batching off.
            MaxBatchSize = o.MaxBatchSize,
            MaxQueued = o.MaxQueuedImages,
            ThreadName = $"batcher-{id:N}",
            BatchCompleted = PredictionMetrics.BatchCompleted,
        }, o.TorchThreads);
    }

    public void Dispose()
    {
        foreach (var id in _models.Keys) Evict(id);
    }

    private sealed class ModelMissingException : Exception;
}

/// <summary>The model's files exist but cannot be loaded (damaged weights, an architecture that no longer builds).</summary>
public sealed class ModelUnusableException(Guid id) : Exception($"Model {id} cannot be loaded.")
{
    public Guid ModelId { get; } = id;
}
