using CnnApi.Storage;
using CnnApi.TrainingJobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace CnnApi.Tests.TrainingJobs;

/// <summary>The store as a queue, on a real SQLite file: claims, leases, takeover of a dead worker's job.</summary>
public sealed class JobStoreTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("cnnapi-store").FullName;
    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 11, 26, 12, 0, 0, TimeSpan.Zero));
    private readonly JobStore _store;
    private readonly DbFactory _dbs;

    public JobStoreTests()
    {
        _dbs = new DbFactory(new DbContextOptionsBuilder<CnnApiDb>().UseSqlite($"Data Source={Path.Combine(_dir, "jobs.db")}").Options);
        using (var db = _dbs.CreateDbContext()) db.Database.Migrate();
        _store = new JobStore(_dbs, _clock);
    }

    private async Task<Guid> EnqueueAsync(int minutesAgo = 0)
    {
        var job = new TrainingJobEntity
        {
            Id = Guid.NewGuid(), Status = TrainingJobStatus.Queued, Name = "t", RequestJson = "{}",
            CreatedAt = _store.Now.AddMinutes(-minutesAgo),
        };
        Assert.True(await _store.TryEnqueueAsync(job, maxQueued: 10, CancellationToken.None));
        return job.Id;
    }

    [Fact]
    public async Task Claim_TakesOldestQueuedFirst_AndEachJobOnce()
    {
        var newer = await EnqueueAsync(minutesAgo: 1);
        var older = await EnqueueAsync(minutesAgo: 5);
        Assert.Equal(older, (await _store.TryClaimAsync("a", TimeSpan.FromSeconds(30), default))!.Id);
        Assert.Equal(newer, (await _store.TryClaimAsync("b", TimeSpan.FromSeconds(30), default))!.Id);
        Assert.Null(await _store.TryClaimAsync("c", TimeSpan.FromSeconds(30), default));
    }

    [Fact]
    public async Task Claim_RunningJobWithLiveLease_IsNotTaken_ExpiredLease_IsTakenOver()
    {
        var id = await EnqueueAsync();
        var first = await _store.TryClaimAsync("dead-worker", TimeSpan.FromSeconds(30), default);
        Assert.Equal(1, first!.Attempts);

        _clock.Advance(TimeSpan.FromSeconds(29));
        Assert.Null(await _store.TryClaimAsync("other", TimeSpan.FromSeconds(30), default));

        _clock.Advance(TimeSpan.FromSeconds(2)); // the first worker stopped renewing: its lease ran out
        var taken = await _store.TryClaimAsync("other", TimeSpan.FromSeconds(30), default);
        Assert.Equal(id, taken!.Id);
        Assert.Equal("other", taken.LeaseOwner);
        Assert.Equal(2, taken.Attempts);
        Assert.Equal(TrainingJobStatus.Running, taken.Status);

        // The dead worker, were it to wake up, no longer owns the job.
        Assert.Null(_store.UpdateOwned(id, "dead-worker", j => j.Error = "late write"));
    }

    [Fact]
    public async Task Enqueue_AtLimit_Refused()
    {
        for (var i = 0; i < 2; i++)
            Assert.True(await _store.TryEnqueueAsync(new TrainingJobEntity { Id = Guid.NewGuid(), Name = "t", RequestJson = "{}", CreatedAt = _store.Now }, 2, default));
        Assert.False(await _store.TryEnqueueAsync(new TrainingJobEntity { Id = Guid.NewGuid(), Name = "t", RequestJson = "{}", CreatedAt = _store.Now }, 2, default));
    }

    [Fact]
    public async Task Times_RoundTripAsUtc()
    {
        var id = await EnqueueAsync();
        var job = await _store.FindAsync(id);
        Assert.Equal(DateTimeKind.Utc, job!.CreatedAt.Kind);
        Assert.Equal(_store.Now, job.CreatedAt);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_dir, recursive: true);
    }

    private sealed class DbFactory(DbContextOptions<CnnApiDb> options) : IDbContextFactory<CnnApiDb>
    {
        public CnnApiDb CreateDbContext() => new(options);
    }
}
