using System.Diagnostics;
using System.Text.Json;
using CnnApi.Models;
using CnnApi.Storage;
using CnnApi.Tests.Infrastructure;
using CnnApi.TrainingJobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CnnApi.Tests.TrainingJobs;

/// <summary>
/// Issue 15's worker sequences on real hosts and real training, on SQLite and PostgreSQL: a store that fails for
/// a while (shorter, then longer than the lease), what a stale worker may touch, a completion whose commit fails.
/// Faults are injected around the store (<see cref="FaultInjector"/>) and the file steps are recorded.
/// </summary>
public sealed class JobPipelineFaultTests : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    /// <summary>
    /// The outage tests' jobs (3 epochs of 8,192 images, 384 batches) take about 10 s quiet. At load 40 on 2 cores
    /// (far above CI's 5) a takeover trained 80 batches in 180 s: waiting for the end is a condition, given room.
    /// </summary>
    private const int LongJobSeconds = 600;

    internal static object TinyJob(int epochs = 2, int trainLimit = 1024) =>
        new { preset = "mnist-convnet", epochs, batchSize = 64, trainLimit, testLimit = 200, seed = 7 };

    internal static bool IsJobWrite(System.Data.Common.DbCommand c) =>
        c.CommandText.TrimStart().StartsWith("UPDATE") && c.CommandText.Contains("training_jobs");

    private TestStore Store(StorageProvider provider)
    {
        var store = TestStore.Create(provider);
        _owned.Add(store);
        return store;
    }

    private CnnApiFactory Host(TestStore store, int leaseSeconds, FaultInjector? faults = null, bool recordFiles = false)
    {
        var host = new CnnApiFactory(store, new Dictionary<string, string?> { ["Training:LeaseSeconds"] = leaseSeconds.ToString() }, services =>
        {
            if (faults is not null) services.AddSingleton<IInterceptor>(faults);
            if (recordFiles) services.AddSingleton<ModelPaths>(s => new RecordingModelPaths(s.GetRequiredService<IOptions<StorageOptions>>()));
        });
        _owned.Insert(0, host); // hosts stop before their store is dropped
        return host;
    }

    private static async Task<int> ModelRowsAsync(TestStore store, Guid jobId)
    {
        await using var db = await store.Factory().CreateDbContextAsync();
        return await db.Models.CountAsync(m => m.JobId == jobId);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task StoreOutage_ShorterThanTheLease_JobKeepsTrainingAndSucceeds(StorageProvider provider)
    {
        var store = Store(provider);
        var faults = new FaultInjector();
        // 12 s: the outage (2 s or so) is well inside it even when a loaded machine then holds the renewals back for
        // seconds (CI saw a 6 s lease run out once: a second attempt where this test wants one).
        var host = Host(store, leaseSeconds: 12, faults);
        var jobs = new JobClient(host.CreateKeyedClient());
        // Long enough (about 8 s on a quiet machine) to still be running when the outage starts and ends: 8,192 images
        // took 3.5 s once training got faster, and a loaded test thread's first poll came after the job had ended.
        var id = (await jobs.StartAsync(TinyJob(epochs: 3, trainLimit: 20480))).GetProperty("id").GetString()!;
        var started = await jobs.WaitForAsync(id, j => JobClient.Status(j) != "queued");
        Assert.True(JobClient.Status(started) == "running", $"The job ended before the outage could start: {started}");

        faults.Fail(IsJobWrite); // progress writes and lease renewals fail; reads still work
        // At least 2 s, and until a write was refused: the job writes every 500 ms (JobAttempt.WriteInterval) from a
        // thread-pool loop that a loaded machine can hold back, so a fixed 2 s outage could end before any write tried.
        // It ends at 2 s, or at the first refused write if that comes later: well inside the 12 s lease either way.
        var outage = Stopwatch.StartNew();
        while ((faults.Failures == 0 || outage.Elapsed < TimeSpan.FromSeconds(2)) && outage.Elapsed < TimeSpan.FromSeconds(60)) await Task.Delay(50);
        Assert.True(faults.Failures > 0, "no write was refused: the outage did not happen");
        Assert.Equal("running", JobClient.Status(await jobs.GetAsync(id)));
        faults.Heal();

        var job = await jobs.WaitForEndAsync(id, seconds: LongJobSeconds);
        Assert.Equal("succeeded", JobClient.Status(job));
        Assert.Equal(1, job.GetProperty("attempts").GetInt32());
        Assert.Equal(3, job.GetProperty("history").GetArrayLength());
        Assert.Equal(1, await ModelRowsAsync(store, Guid.Parse(id)));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task StoreOutage_LongerThanTheLease_StaleWorkerStopsAndTouchesOnlyItsOwnFiles_NewOwnerFinishes(StorageProvider provider)
    {
        var store = Store(provider);
        var faults = new FaultInjector();
        var stale = Host(store, leaseSeconds: 2, faults, recordFiles: true);
        var staleJobs = new JobClient(stale.CreateKeyedClient());
        // Long enough to outlive the 2 s lease: a job that ends first would test nothing (and fail on a quiet machine).
        var id = Guid.Parse((await staleJobs.StartAsync(TinyJob(epochs: 3, trainLimit: 20480))).GetProperty("id").GetString()!);
        await staleJobs.WaitForAsync(id.ToString(), j => j.GetProperty("progress").ValueKind != JsonValueKind.Null);

        faults.Fail(IsJobWrite);
        var worker = stale.Services.GetRequiredService<TrainingWorker>();
        var deadline = DateTime.UtcNow.AddSeconds(60); // 2 s of lease, then the next batch: seconds; generous for a loaded machine
        while (worker.RunningCount > 0 && DateTime.UtcNow < deadline) await Task.Delay(100);
        // The job left the worker only after its training thread ended: nothing of attempt 1 changes from here on.
        Assert.Equal(0, worker.RunningCount);
        var checkpoint = Path.Combine(store.Root, "checkpoints", $"{id:N}.1.ckpt");
        var checkpointWritten = File.Exists(checkpoint) ? File.GetLastWriteTimeUtc(checkpoint) : (DateTime?)null;
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // many batches' time: a thread still training would checkpoint or stage
        Assert.Equal(checkpointWritten, File.Exists(checkpoint) ? File.GetLastWriteTimeUtc(checkpoint) : null);
        Assert.False(Directory.Exists(Path.Combine(store.Root, "models", $".staging-{id:N}-1")));

        var owner = Host(store, leaseSeconds: 2);
        var jobs = new JobClient(owner.CreateKeyedClient());
        var job = await jobs.WaitForEndAsync(id.ToString(), seconds: LongJobSeconds);

        Assert.Equal("succeeded", JobClient.Status(job));
        Assert.Equal(2, job.GetProperty("attempts").GetInt32());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("error").ValueKind);
        Assert.Equal(1, await ModelRowsAsync(store, id));
        var steps = ((RecordingModelPaths)stale.Services.GetRequiredService<ModelPaths>()).Steps.Where(s => s.Id == id).ToList();
        Assert.Equal([("delete-staging", id, 1)], steps); // never the job's files, never a publication
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Publish_CommitFailsForAWhile_IsRetried_OneModelWithItsFiles(StorageProvider provider)
    {
        var store = Store(provider);
        var faults = new FaultInjector();
        var host = Host(store, leaseSeconds: 10, faults);
        var jobs = new JobClient(host.CreateKeyedClient());
        faults.Fail(c => c.CommandText.Contains("INSERT INTO") && c.CommandText.Contains("models"));
        var id = (await jobs.StartAsync(TinyJob(epochs: 1))).GetProperty("id").GetString()!;
        var waited = DateTime.UtcNow.AddSeconds(300);
        while (faults.Failures < 2 && DateTime.UtcNow < waited) await Task.Delay(100);
        Assert.True(faults.Failures >= 2, "the model's commit never failed");
        Assert.Equal("running", JobClient.Status(await jobs.GetAsync(id))); // a failed commit is not a failed job
        faults.Heal();

        var job = await jobs.WaitForEndAsync(id);
        Assert.Equal("succeeded", JobClient.Status(job));
        var modelId = Guid.Parse(job.GetProperty("modelId").GetString()!);
        Assert.True(File.Exists(Path.Combine(store.Root, "models", modelId.ToString("N"), ModelPaths.WeightsFile)));
        Assert.Equal(1, await ModelRowsAsync(store, Guid.Parse(id)));
        Assert.Empty(Directory.GetDirectories(Path.Combine(store.Root, "models"), ".staging-*"));
        Assert.Empty(Directory.GetFiles(Path.Combine(store.Root, "checkpoints")));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Publish_CommitLandedButItsAnswerWasLost_JobSucceedsWithThatOneModel(StorageProvider provider)
    {
        var store = Store(provider);
        var faults = new FaultInjector();
        var host = Host(store, leaseSeconds: 10, faults);
        var jobs = new JobClient(host.CreateKeyedClient());
        // The completion's transaction (the one adding the model row), armed before the job starts: armed once the
        // job was seen running, a quiet machine finished this job (0.6 s) between two polls and the test waited forever.
        faults.LoseCommitAnswerOf(c => c.CommandText.Contains("INSERT INTO") && c.CommandText.Contains("models"));
        var id = (await jobs.StartAsync(TinyJob(epochs: 1))).GetProperty("id").GetString()!;

        var job = await jobs.WaitForEndAsync(id);
        Assert.Equal(1, faults.LostCommitAnswers); // the fault happened: the retry found its own commit
        Assert.Equal("succeeded", JobClient.Status(job));
        var modelId = Guid.Parse(job.GetProperty("modelId").GetString()!);
        Assert.True(File.Exists(Path.Combine(store.Root, "models", modelId.ToString("N"), ModelPaths.WeightsFile)));
        Assert.Equal(1, await ModelRowsAsync(store, Guid.Parse(id)));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Resume_EpochFinishedJustBeforeTheCrash_IsReportedAgain_StreamGetsEveryEpoch(StorageProvider provider)
    {
        var store = Store(provider);
        var faults = new FaultInjector();
        var crashing = Host(store, leaseSeconds: 2, faults);
        var first = new JobClient(crashing.CreateKeyedClient());
        // No finished epoch of this attempt reaches the store (the claim and renewals without one still do). Set before
        // the job starts: set once it was seen running, a test thread slowed by a loaded machine let epoch 1 through.
        faults.Fail(c => IsJobWrite(c) && c.CommandText.Contains("HistoryJson"));
        var id = (await first.StartAsync(TinyJob(epochs: 2, trainLimit: 2048))).GetProperty("id").GetString()!;
        await first.WaitForAsync(id, j => JobClient.Status(j) == "running");
        Assert.Equal(0, (await first.GetAsync(id)).GetProperty("history").GetArrayLength());
        var checkpoint = Path.Combine(store.Root, "checkpoints", $"{Guid.Parse(id):N}.1.ckpt");
        var deadline = DateTime.UtcNow.AddSeconds(300);
        while (!File.Exists(checkpoint) && DateTime.UtcNow < deadline) await Task.Delay(50); // epoch 1 finished and checkpointed
        Assert.True(File.Exists(checkpoint));
        crashing.Dispose(); // the crash: attempt 1 ends with epoch 1 in its checkpoint only
        Assert.Equal("[]", (await JobStoreOf(store).FindAsync(Guid.Parse(id)))!.HistoryJson); // epoch 1 is only in the checkpoint

        var resuming = Host(store, leaseSeconds: 2);
        var second = new JobClient(resuming.CreateKeyedClient());
        var events = await second.ReadEventsAsync(id);

        Assert.Equal([1, 2], events.Where(e => e.Event == "epoch").Select(e => e.Data.GetProperty("epoch").GetInt32()));
        var job = await second.GetAsync(id);
        Assert.Equal("succeeded", JobClient.Status(job));
        // Two attempts, or more when a loaded machine let the 2 s lease of the resumed attempt run out (a takeover that
        // resumes again: CI saw 3 once); epoch 1 is reported exactly once either way (above).
        Assert.InRange(job.GetProperty("attempts").GetInt32(), 2, 3);
    }

    private static JobStore JobStoreOf(TestStore store) => new(store.Factory(), new StoreClock());

    public void Dispose()
    {
        foreach (var owned in _owned) owned.Dispose();
    }
}
