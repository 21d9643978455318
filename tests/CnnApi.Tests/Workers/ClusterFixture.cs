using CnnApi.Storage;
using CnnApi.Tests.Infrastructure;

namespace CnnApi.Tests.Workers;

/// <summary>
/// A small cluster of real processes of the built app on one PostgreSQL database and one shared <c>Storage:Root</c>:
/// an API-only node (<c>Training:WorkerEnabled=false</c>) and three worker nodes, with a short lease.
/// </summary>
public sealed class ClusterFixture : IAsyncLifetime
{
    public const int LeaseSeconds = 3;
    public TestStore Store { get; private set; } = null!;
    public AppProcess Api { get; private set; } = null!;
    public List<AppProcess> Workers { get; } = [];

    public Dictionary<string, string?> Settings(bool worker, params (string Key, string Value)[] extra)
    {
        var settings = new Dictionary<string, string?>(Store.Settings)
        {
            ["Training:WorkerEnabled"] = worker ? "true" : "false",
            ["Training:LeaseSeconds"] = LeaseSeconds.ToString(),
            ["Training:PollMilliseconds"] = "200",
            ["Training:MaxQueuedJobs"] = "1000",
            // One test client submits 20 jobs in a burst: more than a client's share (RateLimitTests cover the limits).
            ["RateLimits:Enabled"] = "false",
        };
        foreach (var (key, value) in extra) settings[key] = value;
        return settings;
    }

    public async Task<AppProcess> StartWorkerAsync(params (string Key, string Value)[] extra)
    {
        var worker = await AppProcess.StartAsync(Settings(worker: true, extra));
        lock (Workers) Workers.Add(worker);
        return worker;
    }

    public async Task InitializeAsync()
    {
        Store = TestStore.Create(StorageProvider.Postgres);
        Api = await AppProcess.StartAsync(Settings(worker: false));
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => StartWorkerAsync()));
    }

    public Task DisposeAsync()
    {
        foreach (var worker in Workers) worker.Dispose();
        Api?.Dispose();
        Store?.Dispose();
        return Task.CompletedTask;
    }
}
