using CnnApi.Models;
using CnnApi.Storage;
using CnnApi.Tests.Infrastructure;
using CnnApi.TrainingJobs;
using Microsoft.EntityFrameworkCore;

namespace CnnApi.Tests.TrainingJobs;

/// <summary>
/// The store as a queue, on a real SQLite file and on a real PostgreSQL database: claims, leases, take-over of a
/// dead worker's job, writes conditional on the lease, the queue limit, one model per job.
/// </summary>
public sealed class JobStoreTests : IDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly string[] AnyDevice = ["auto", "cpu"];
    private readonly FakeStoreClock _clock = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly List<TestStore> _stores = [];

    private (JobStore Store, JobLeases Leases) Open(StorageProvider provider, FaultInjector? faults = null)
    {
        var store = TestStore.Create(provider);
        _stores.Add(store);
        var dbs = faults is null ? store.Factory() : store.Factory(faults);
        return (new JobStore(dbs, _clock), new JobLeases(dbs, _clock));
    }

    internal static TrainingJobEntity NewJob(string device = "auto") => new()
    {
        Id = Guid.NewGuid(), Status = TrainingJobStatus.Queued, Name = "t", RequestJson = "{}", RequestedDevice = device,
    };

    private async Task<Guid> EnqueueAsync(JobStore store, string device = "auto")
    {
        var job = NewJob(device);
        Assert.True(await store.TryEnqueueAsync(job, maxQueued: 100, CancellationToken.None));
        _clock.Advance(TimeSpan.FromSeconds(1)); // distinct creation times: the queue is ordered by them
        return job.Id;
    }

    internal static ModelEntity NewModel(Guid jobId) => new() { Id = Guid.NewGuid(), JobId = jobId, Name = "m", ArchitectureJson = "{}" };

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Claim_TakesOldestQueuedFirst_AndEachJobOnce(StorageProvider provider)
    {
        var (store, leases) = Open(provider);
        var older = await EnqueueAsync(store);
        var newer = await EnqueueAsync(store);
        Assert.Equal(older, (await leases.TryClaimAsync("a", Lease, AnyDevice, 3, default))!.Id);
        Assert.Equal(newer, (await leases.TryClaimAsync("b", Lease, AnyDevice, 3, default))!.Id);
        Assert.Null(await leases.TryClaimAsync("c", Lease, AnyDevice, 3, default));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Claim_ManyWorkersAtOnce_EachJobClaimedExactlyOnce(StorageProvider provider)
    {
        var (store, leases) = Open(provider);
        for (var i = 0; i < 12; i++) await EnqueueAsync(store);
        var claims = await Task.WhenAll(Enumerable.Range(0, 6).Select(w => Task.Run(async () =>
        {
            var mine = new List<Guid>();
            while (await leases.TryClaimAsync($"w{w}", Lease, AnyDevice, 3, default) is { } job) mine.Add(job.Id);
            return mine;
        })));
        var all = claims.SelectMany(c => c).ToList();
        Assert.Equal(12, all.Count);
        Assert.Equal(12, all.Distinct().Count());
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Claim_LiveLease_IsNotTaken_ExpiredLease_IsTakenOver_AndTheStaleOwnerCanWriteNothing(StorageProvider provider)
    {
        var (store, leases) = Open(provider);
        var id = await EnqueueAsync(store);
        var first = await leases.TryClaimAsync("dead-worker", Lease, AnyDevice, 3, default);
        Assert.Equal(1, first!.Attempts);
        var stale = new JobLease(id, "dead-worker", 1);

        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Null(await leases.TryClaimAsync("other", Lease, AnyDevice, 3, default));

        _clock.Advance(TimeSpan.FromSeconds(2)); // the first worker stopped renewing: its lease ran out
        var taken = await leases.TryClaimAsync("other", Lease, AnyDevice, 3, default);
        Assert.Equal(id, taken!.Id);
        Assert.Equal(("other", 2, TrainingJobStatus.Running), (taken.LeaseOwner, taken.Attempts, taken.Status));

        // The dead worker, were it to wake up, no longer owns the job: none of its writes lands.
        Assert.Equal(RenewResult.LeaseLost, await leases.RenewAsync(stale, Lease, new JobProgressWrite("cpu", null, []), default));
        Assert.False(await leases.FinishAsync(stale, TrainingJobStatus.Failed, "late write", default));
        Assert.False(await leases.RequeueAsync(stale, default));
        Assert.Equal(CompleteResult.LeaseLost, await leases.CompleteWithModelAsync(stale, NewModel(id), default));
        var row = await store.FindAsync(id);
        Assert.Equal(("other", TrainingJobStatus.Running, null, null), (row!.LeaseOwner, row.Status, row.Error, row.ModelId));

        Assert.Equal(CompleteResult.Recorded, await leases.CompleteWithModelAsync(new JobLease(id, "other", 2), NewModel(id), default));
        await using var db = await _stores[0].Factory().CreateDbContextAsync();
        Assert.Equal(1, await db.Models.CountAsync(m => m.JobId == id));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Enqueue_AtLimit_Refused(StorageProvider provider)
    {
        var (store, _) = Open(provider);
        Assert.True(await store.TryEnqueueAsync(NewJob(), 2, default));
        Assert.True(await store.TryEnqueueAsync(NewJob(), 2, default));
        Assert.False(await store.TryEnqueueAsync(NewJob(), 2, default));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Enqueue_ManySubmissionsAtOnce_NeverOvershootTheLimit(StorageProvider provider)
    {
        var (store, _) = Open(provider);
        var results = await Task.WhenAll(Enumerable.Range(0, 24).Select(_ => Task.Run(() => store.TryEnqueueAsync(NewJob(), 5, default))));
        Assert.Equal(5, results.Count(r => r));
        Assert.Equal(5, (await store.ListAsync(TrainingJobStatus.Queued, 1, 100, default)).Total);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Times_RoundTripAsUtc_FromTheStoreClock(StorageProvider provider)
    {
        var (store, _) = Open(provider);
        var now = _clock.Now;
        var id = await EnqueueAsync(store);
        var job = await store.FindAsync(id);
        Assert.Equal(DateTimeKind.Utc, job!.CreatedAt.Kind);
        Assert.Equal(now, job.CreatedAt);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task StoreClock_IsTheDatabaseServersClock(StorageProvider provider)
    {
        var store = TestStore.Create(provider);
        _stores.Add(store);
        await using var db = await store.Factory().CreateDbContextAsync();
        var clock = await new StoreClock().NowAsync(db, default);
        var reference = provider == StorageProvider.Postgres
            ? await db.Database.SqlQueryRaw<DateTime>("SELECT now() AS \"Value\"").SingleAsync()
            : DateTime.UtcNow;
        Assert.Equal(DateTimeKind.Utc, clock.Kind);
        Assert.InRange((reference.ToUniversalTime() - clock).Duration(), TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Models_SecondModelForOneJob_RefusedByTheUniqueIndex(StorageProvider provider)
    {
        var store = TestStore.Create(provider);
        _stores.Add(store);
        var jobId = Guid.NewGuid();
        await using (var db = await store.Factory().CreateDbContextAsync())
        {
            db.Models.Add(NewModel(jobId));
            await db.SaveChangesAsync();
        }
        await using (var db = await store.Factory().CreateDbContextAsync())
        {
            db.Models.Add(NewModel(jobId));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Claim_OnlyJobsWhoseDeviceTheWorkerOffers(StorageProvider provider)
    {
        var (store, leases) = Open(provider);
        var cuda = await EnqueueAsync(store, "cuda");
        var cuda1 = await EnqueueAsync(store, "cuda:1");
        var cpu = await EnqueueAsync(store, "cpu");
        Assert.Equal(cpu, (await leases.TryClaimAsync("cpu-worker", Lease, ["auto", "cpu"], 3, default))!.Id);
        Assert.Null(await leases.TryClaimAsync("cpu-worker", Lease, ["auto", "cpu"], 3, default));
        Assert.Equal(cuda, (await leases.TryClaimAsync("gpu-worker", Lease, ["auto", "cuda", "cuda:0"], 3, default))!.Id);
        Assert.Null(await leases.TryClaimAsync("gpu-worker", Lease, ["auto", "cuda", "cuda:0"], 3, default));
        Assert.Equal(cuda1, (await leases.TryClaimAsync("gpu-worker-2", Lease, ["auto", "cuda", "cuda:0", "cuda:1"], 3, default))!.Id);
    }

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
    }
}
