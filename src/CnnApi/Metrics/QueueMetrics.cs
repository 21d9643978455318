using CnnApi.Storage;
using CnnApi.TrainingJobs;
using Microsoft.EntityFrameworkCore;
using Prometheus;

namespace CnnApi.Metrics;

/// <summary>
/// Training jobs by state, the queue's depth and the age of its oldest job, counted in the store at each
/// scrape (one grouped count over the (status, created) index, whichever node trains). Kept in this host's
/// own registry: the store belongs to the host, and several hosts can live in one process (the tests).
/// </summary>
public sealed class QueueMetrics
{
    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();
    private readonly IDbContextFactory<CnnApiDb> _dbs;
    private readonly ILogger<QueueMetrics> _logger;
    private readonly Gauge _jobs, _queueDepth, _oldestQueuedSeconds, _storeUp;

    public QueueMetrics(IDbContextFactory<CnnApiDb> dbs, ILogger<QueueMetrics> logger)
    {
        _dbs = dbs;
        _logger = logger;
        var metrics = Prometheus.Metrics.WithCustomRegistry(_registry);
        _jobs = metrics.CreateGauge("cnnapi_training_jobs", "Training jobs in the store by state.", "state");
        _queueDepth = metrics.CreateGauge("cnnapi_training_queue_depth", "Jobs waiting for a worker (state queued).");
        _oldestQueuedSeconds = metrics.CreateGauge("cnnapi_training_queue_oldest_seconds",
            "Age of the oldest queued job in seconds (0 when none waits).");
        _storeUp = metrics.CreateGauge("cnnapi_store_up", "1 when the job store answered the last scrape's count query, else 0.");
        _registry.AddBeforeCollectCallback(UpdateAsync);
    }

    public Task ExportAsync(Stream destination, CancellationToken ct) => _registry.CollectAndExportAsTextAsync(destination, ct);

    private async Task UpdateAsync(CancellationToken ct)
    {
        try
        {
            await using var db = await _dbs.CreateDbContextAsync(ct);
            var counts = await db.Jobs.GroupBy(j => j.Status)
                .Select(g => new { Status = g.Key, Count = g.Count() })
                .ToDictionaryAsync(g => g.Status, g => g.Count, ct);
            var oldest = await db.Jobs.Where(j => j.Status == TrainingJobStatus.Queued)
                .OrderBy(j => j.CreatedAt).Select(j => (DateTime?)j.CreatedAt).FirstOrDefaultAsync(ct);
            foreach (var status in Enum.GetValues<TrainingJobStatus>())
                _jobs.WithLabels(StateName(status)).Set(counts.GetValueOrDefault(status));
            _queueDepth.Set(counts.GetValueOrDefault(TrainingJobStatus.Queued));
            _oldestQueuedSeconds.Set(oldest is { } t ? Math.Max(0, (DateTime.UtcNow - t).TotalSeconds) : 0);
            _storeUp.Set(1);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A scrape must not fail with the store: say it is down and drop the counts rather than repeat stale ones.
            _logger.LogWarning(e, "Queue metrics: the job store did not answer");
            _storeUp.Set(0);
            foreach (var status in Enum.GetValues<TrainingJobStatus>()) _jobs.WithLabels(StateName(status)).Unpublish();
            _queueDepth.Unpublish();
            _oldestQueuedSeconds.Unpublish();
        }
    }

    /// <summary>The state as the API spells it (<c>queued</c>, <c>running</c>, …).</summary>
    public static string StateName(TrainingJobStatus status) => status.ToString().ToLowerInvariant();
}
