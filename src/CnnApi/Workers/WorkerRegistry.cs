using CnnApi.Storage;
using CnnApi.TrainingJobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CnnApi.Workers;

/// <summary>A live worker as <c>GET /api/v1/workers</c> shows it.</summary>
public sealed record WorkerView(string Id, string Host, IReadOnlyList<string> Devices, DateTime StartedAt, DateTime LastHeartbeat,
    IReadOnlyList<Guid> CurrentJobs);

/// <summary>
/// Workers in the store: each registers at start and renews its heartbeat; it is live while the heartbeat is
/// younger than the lease. Submission accepts a device some worker offers: a live one, or one heard from
/// within <c>Training:WorkerMemoryMinutes</c> (so jobs can queue while workers are scaled to zero).
/// </summary>
public sealed class WorkerRegistry(IDbContextFactory<CnnApiDb> dbs, StoreClock clock, IOptions<TrainingOptions> options)
{
    private TimeSpan Lease => TimeSpan.FromSeconds(options.Value.LeaseSeconds);
    private TimeSpan Memory => TimeSpan.FromMinutes(options.Value.WorkerMemoryMinutes);

    /// <summary>Registers the worker or renews its heartbeat; forgets workers not heard from for longer than the memory.</summary>
    public async Task HeartbeatAsync(string id, IReadOnlyList<string> devices, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var now = await clock.NowAsync(db, ct);
        var list = string.Join(",", devices);
        if (await db.Workers.Where(w => w.Id == id).ExecuteUpdateAsync(s => s.SetProperty(w => w.HeartbeatAt, now).SetProperty(w => w.Devices, list), ct) == 0)
        {
            db.Workers.Add(new WorkerEntity { Id = id, Host = Environment.MachineName, Devices = list, StartedAt = now, HeartbeatAt = now });
            await db.SaveChangesAsync(ct);
        }
        var forgotten = now - Memory;
        await db.Workers.Where(w => w.HeartbeatAt < forgotten).ExecuteDeleteAsync(ct);
    }

    /// <summary>
    /// A worker that stops cleanly leaves the live list at once, but its devices stay on offer for the memory: an
    /// autoscaler that scales GPU workers to zero must still see <c>cuda</c> jobs accepted, queued and counted.
    /// </summary>
    public async Task RetireAsync(string id, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var notLive = await clock.NowAsync(db, ct) - Lease - TimeSpan.FromSeconds(1);
        await db.Workers.Where(w => w.Id == id).ExecuteUpdateAsync(s => s.SetProperty(w => w.HeartbeatAt, notLive), ct);
    }

    public async Task<List<WorkerView>> ListLiveAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var since = await clock.NowAsync(db, ct) - Lease;
        var workers = await db.Workers.AsNoTracking().Where(w => w.HeartbeatAt >= since).OrderBy(w => w.Id).ToListAsync(ct);
        var ids = workers.Select(w => w.Id).ToList();
        var jobs = await db.Jobs.AsNoTracking().Where(j => j.Status == TrainingJobStatus.Running && ids.Contains(j.LeaseOwner!))
            .Select(j => new { j.Id, j.LeaseOwner }).ToListAsync(ct);
        return workers.Select(w => new WorkerView(w.Id, w.Host, Split(w.Devices), w.StartedAt, w.HeartbeatAt,
            jobs.Where(j => j.LeaseOwner == w.Id).Select(j => j.Id).ToList())).ToList();
    }

    /// <summary>Devices offered by workers heard from within the memory, live or not.</summary>
    public async Task<IReadOnlyList<string>> RecentDevicesAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var since = await clock.NowAsync(db, ct) - Memory;
        var lists = await db.Workers.AsNoTracking().Where(w => w.HeartbeatAt >= since).Select(w => w.Devices).ToListAsync(ct);
        return lists.SelectMany(Split).Distinct().Order().ToList();
    }

    /// <summary>Devices offered by live workers.</summary>
    public async Task<IReadOnlyList<string>> LiveDevicesAsync(CancellationToken ct) =>
        (await ListLiveAsync(ct)).SelectMany(w => w.Devices).Distinct().Order().ToList();

    private static List<string> Split(string devices) => devices.Split(',', StringSplitOptions.RemoveEmptyEntries).ToList();
}
