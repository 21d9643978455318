using CnnApi.Storage;
using CnnApi.Tests.Infrastructure;
using CnnApi.TrainingJobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace CnnApi.Tests.Metrics;

/// <summary>
/// <c>/metrics</c> counts the store's jobs by state at scrape time, on either engine (an API-only host: no worker
/// touches the jobs the tests write into the store).
/// </summary>
public sealed class QueueMetricsTests : IDisposable
{
    private TestStore? _store;
    private CnnApiFactory _factory = null!;

    private void Start(StorageProvider provider)
    {
        _store = TestStore.Create(provider);
        _factory = new CnnApiFactory(new Dictionary<string, string?>(_store.Settings) { ["Training:WorkerEnabled"] = "false" }, _store.Root);
        _factory.CreateClient();
    }

    public void Dispose()
    {
        _factory?.Dispose();
        _store?.Dispose();
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Metrics_EmptyStore_EveryStateZero(StorageProvider provider)
    {
        Start(provider);
        var metrics = await ScrapeAsync();
        foreach (var state in new[] { "queued", "running", "succeeded", "failed", "cancelled" })
            Assert.Equal(0, metrics[$"cnnapi_training_jobs{{state=\"{state}\"}}"]);
        Assert.Equal(0, metrics["cnnapi_training_queue_depth"]);
        Assert.Equal(0, metrics["cnnapi_training_queue_oldest_seconds"]);
        Assert.Equal(1, metrics["cnnapi_store_up"]);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Metrics_JobsInEachState_CountsReadAtScrapeTime(StorageProvider provider)
    {
        Start(provider);
        await AddJobsAsync((TrainingJobStatus.Queued, 3), (TrainingJobStatus.Running, 2), (TrainingJobStatus.Succeeded, 4),
            (TrainingJobStatus.Failed, 1), (TrainingJobStatus.Cancelled, 5));

        var metrics = await ScrapeAsync();
        Assert.Equal(3, metrics["cnnapi_training_jobs{state=\"queued\"}"]);
        Assert.Equal(2, metrics["cnnapi_training_jobs{state=\"running\"}"]);
        Assert.Equal(4, metrics["cnnapi_training_jobs{state=\"succeeded\"}"]);
        Assert.Equal(1, metrics["cnnapi_training_jobs{state=\"failed\"}"]);
        Assert.Equal(5, metrics["cnnapi_training_jobs{state=\"cancelled\"}"]);
        Assert.Equal(3, metrics["cnnapi_training_queue_depth"]);
        // The oldest queued job was created 10 minutes ago (AddJobsAsync spaces them a minute apart).
        Assert.InRange(metrics["cnnapi_training_queue_oldest_seconds"], 600, 700);

        // A second scrape sees a change made after the first one.
        await AddJobsAsync((TrainingJobStatus.Queued, 1));
        Assert.Equal(4, (await ScrapeAsync())["cnnapi_training_queue_depth"]);
    }

    [Fact]
    public async Task Metrics_StoreUnreachable_Returns200WithStoreDownAndNoCounts()
    {
        Start(StorageProvider.Sqlite);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_factory.StorageRoot, recursive: true);

        var metrics = await ScrapeAsync();
        Assert.Equal(0, metrics["cnnapi_store_up"]);
        Assert.DoesNotContain(metrics.Keys, k => k.StartsWith("cnnapi_training_jobs{", StringComparison.Ordinal));
        Assert.DoesNotContain("cnnapi_training_queue_depth", metrics.Keys);
    }

    private async Task AddJobsAsync(params (TrainingJobStatus Status, int Count)[] jobs)
    {
        var dbs = _factory.Services.GetRequiredService<IDbContextFactory<CnnApiDb>>();
        await using var db = await dbs.CreateDbContextAsync();
        var minutesAgo = 10;
        foreach (var (status, count) in jobs)
            for (var i = 0; i < count; i++)
                db.Jobs.Add(new TrainingJobEntity
                {
                    Id = Guid.NewGuid(), Status = status, Name = $"{status} {i}", RequestJson = "{}",
                    CreatedAt = DateTime.UtcNow.AddMinutes(-minutesAgo--),
                });
        await db.SaveChangesAsync();
    }

    private Task<Dictionary<string, double>> ScrapeAsync() => PrometheusText.ScrapeAsync(_factory.CreateClient());
}
