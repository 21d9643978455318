using CnnApi.Storage;
using CnnApi.Tests.Infrastructure;
using CnnApi.TrainingJobs;
using Microsoft.EntityFrameworkCore;
using static CnnApi.Tests.TrainingJobs.JobStoreTests;

namespace CnnApi.Tests.TrainingJobs;

/// <summary>
/// Issue 15's store sequences, reproduced deterministically with fault injection and a hand-moved clock, on
/// SQLite and PostgreSQL: a cancel racing a claim, a dead worker's job cancelled or given up on, a completion
/// whose commit answer was lost.
/// </summary>
public sealed class JobStoreFaultTests : IDisposable
{
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly string[] AnyDevice = ["auto", "cpu"];
    private readonly FakeStoreClock _clock = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly List<TestStore> _stores = [];

    private (JobStore Store, JobLeases Leases, IDbContextFactory<CnnApiDb> Dbs) Open(StorageProvider provider, FaultInjector? faults = null)
    {
        var store = TestStore.Create(provider);
        _stores.Add(store);
        var dbs = faults is null ? store.Factory() : store.Factory(faults);
        return (new JobStore(dbs, _clock), new JobLeases(dbs, _clock), dbs);
    }

    private JobLeases PlainLeases() => new(_stores[^1].Factory(), _clock);

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Cancel_LandingBetweenAnotherNodesClaimAndItsFirstWrite_IsNotLost(StorageProvider provider)
    {
        var faults = new FaultInjector();
        var (store, _, _) = Open(provider, faults);
        var job = NewJob();
        Assert.True(await store.TryEnqueueAsync(job, 10, default));
        var other = PlainLeases();
        // The cancel reads the job as queued; just before it writes, another node claims it.
        faults.Before(c => c.CommandText.TrimStart().StartsWith("UPDATE") && c.CommandText.Contains("training_jobs"),
            async () => Assert.NotNull(await other.TryClaimAsync("other-node", Lease, AnyDevice, 3, default)));

        var (after, conflict) = await store.RequestCancelAsync(job.Id, default);

        Assert.False(conflict);
        Assert.Equal((TrainingJobStatus.Running, true), (after!.Status, after.CancelRequested));
        var lease = new JobLease(job.Id, "other-node", 1);
        Assert.Equal(RenewResult.CancelRequested, await other.RenewAsync(lease, Lease, new JobProgressWrite("cpu", null, []), default));
        // Even a worker that finishes before it reads the flag cannot succeed the job.
        Assert.Equal(CompleteResult.CancelRequested, await other.CompleteWithModelAsync(lease, NewModel(job.Id), default));
        Assert.True(await other.FinishAsync(lease, TrainingJobStatus.Cancelled, "Cancelled while running.", default));
        Assert.Equal(TrainingJobStatus.Cancelled, (await store.FindAsync(job.Id))!.Status);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Cancel_JobWhoseWorkerDied_IsCancelledAtOnce(StorageProvider provider)
    {
        var (store, leases, _) = Open(provider);
        var job = NewJob();
        await store.TryEnqueueAsync(job, 10, default);
        await leases.TryClaimAsync("dead", Lease, AnyDevice, 3, default);
        _clock.Advance(Lease + TimeSpan.FromSeconds(1));

        var (after, conflict) = await store.RequestCancelAsync(job.Id, default);

        Assert.False(conflict);
        Assert.Equal(TrainingJobStatus.Cancelled, after!.Status);
        Assert.Contains("worker was gone", after.Error);
        Assert.Null(after.LeaseOwner);
        Assert.Null(await leases.TryClaimAsync("other", Lease, AnyDevice, 3, default));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Cancel_RequestedThenTheWorkerDied_IsCancelledNotTakenOver(StorageProvider provider)
    {
        var (store, leases, _) = Open(provider);
        var job = NewJob();
        await store.TryEnqueueAsync(job, 10, default);
        await leases.TryClaimAsync("doomed", Lease, AnyDevice, 3, default);
        await store.RequestCancelAsync(job.Id, default);
        _clock.Advance(Lease + TimeSpan.FromSeconds(1));

        Assert.Null(await leases.TryClaimAsync("other", Lease, AnyDevice, 3, default));
        Assert.Equal(TrainingJobStatus.Cancelled, (await store.FindAsync(job.Id))!.Status);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Claim_AfterMaxAttemptsWorkersDied_FailsTheJobWithTheReason(StorageProvider provider)
    {
        var (store, leases, _) = Open(provider);
        var job = NewJob();
        await store.TryEnqueueAsync(job, 10, default);
        for (var attempt = 1; attempt <= 2; attempt++)
        {
            Assert.Equal(attempt, (await leases.TryClaimAsync($"victim-{attempt}", Lease, AnyDevice, maxAttempts: 2, default))!.Attempts);
            _clock.Advance(Lease + TimeSpan.FromSeconds(1)); // the job killed its worker's process: the lease runs out
        }

        Assert.Null(await leases.TryClaimAsync("next", Lease, AnyDevice, maxAttempts: 2, default));

        var failed = (await store.FindAsync(job.Id))!;
        Assert.Equal((TrainingJobStatus.Failed, 2), (failed.Status, failed.Attempts));
        Assert.Contains("Gave up after 2 attempts", failed.Error);
        Assert.Contains("Training:MaxAttempts", failed.Error);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Requeue_AtShutdown_DoesNotCountTowardsMaxAttempts(StorageProvider provider)
    {
        var (store, leases, _) = Open(provider);
        var job = NewJob();
        await store.TryEnqueueAsync(job, 10, default);
        for (var attempt = 1; attempt <= 3; attempt++)
        {
            await leases.TryClaimAsync("restarting", Lease, AnyDevice, maxAttempts: 2, default);
            Assert.True(await leases.RequeueAsync(new JobLease(job.Id, "restarting", attempt), default));
        }
        Assert.Equal(4, (await leases.TryClaimAsync("restarting", Lease, AnyDevice, maxAttempts: 2, default))!.Attempts);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Complete_CommitLandedButItsAnswerWasLost_RetryRecordsExactlyOneModel(StorageProvider provider)
    {
        var faults = new FaultInjector();
        var (store, leases, dbs) = Open(provider, faults);
        var job = NewJob();
        await store.TryEnqueueAsync(job, 10, default);
        await leases.TryClaimAsync("w", Lease, AnyDevice, 3, default);
        var lease = new JobLease(job.Id, "w", 1);
        var model = NewModel(job.Id);

        faults.LoseNextCommitAnswers(1);
        await Assert.ThrowsAsync<InjectedFaultException>(() => leases.CompleteWithModelAsync(lease, model, default));
        Assert.Equal(CompleteResult.Recorded, await leases.CompleteWithModelAsync(lease, model, default));

        var done = (await store.FindAsync(job.Id))!;
        Assert.Equal((TrainingJobStatus.Succeeded, model.Id), (done.Status, done.ModelId));
        await using var db = await dbs.CreateDbContextAsync();
        Assert.Equal([model.Id], await db.Models.Where(m => m.JobId == job.Id).Select(m => m.Id).ToListAsync());
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Complete_CommitFailed_NothingWritten_RetrySucceeds(StorageProvider provider)
    {
        var faults = new FaultInjector();
        var (store, leases, dbs) = Open(provider, faults);
        var job = NewJob();
        await store.TryEnqueueAsync(job, 10, default);
        await leases.TryClaimAsync("w", Lease, AnyDevice, 3, default);
        var lease = new JobLease(job.Id, "w", 1);
        var model = NewModel(job.Id);

        faults.Fail(c => c.CommandText.Contains("INSERT INTO") && c.CommandText.Contains("models"));
        await Assert.ThrowsAnyAsync<Exception>(() => leases.CompleteWithModelAsync(lease, model, default));
        Assert.Equal(TrainingJobStatus.Running, (await store.FindAsync(job.Id))!.Status); // the transaction rolled back whole
        faults.Heal();

        Assert.Equal(CompleteResult.Recorded, await leases.CompleteWithModelAsync(lease, model, default));
        await using var db = await dbs.CreateDbContextAsync();
        Assert.Equal(1, await db.Models.CountAsync(m => m.JobId == job.Id));
    }

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
    }
}
