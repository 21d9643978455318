using System.Text.Json;
using CnnApi.Storage;
using CnnApi.Tests.Infrastructure;
using CnnApi.TrainingJobs;
using Microsoft.EntityFrameworkCore;

namespace CnnApi.Tests.TrainingJobs;

/// <summary>
/// What a crash leaves and a starting worker cleans, on SQLite and PostgreSQL: model folders without a row
/// (a crash between moving a model into place and committing it), staging folders and checkpoints of ended
/// jobs; and a row that no longer parses, which fails with the reason instead of staying running.
/// </summary>
public sealed class JobRecoveryOnStartTests : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    private TestStore Store(StorageProvider provider)
    {
        var store = TestStore.Create(provider);
        _owned.Add(store);
        return store;
    }

    private static async Task<TrainingJobEntity> AddJobAsync(TestStore store, TrainingJobStatus status, string device = "auto", string request = "{}")
    {
        var job = new TrainingJobEntity { Id = Guid.NewGuid(), Status = status, Name = "t", RequestJson = request, RequestedDevice = device, CreatedAt = DateTime.UtcNow };
        await using var db = await store.Factory().CreateDbContextAsync();
        db.Jobs.Add(job);
        await db.SaveChangesAsync();
        return job;
    }

    private static string PublishedFolder(TestStore store, Guid jobId)
    {
        var folder = Path.Combine(store.Root, "models", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        File.WriteAllText(Path.Combine(folder, "weights.bin"), "w");
        File.WriteAllText(Path.Combine(folder, "metadata.json"), JsonSerializer.Serialize(new { model = new { jobId } }));
        return folder;
    }

    private static (string Staging, string Checkpoint) AttemptFiles(TestStore store, Guid jobId, int attempt)
    {
        var staging = Path.Combine(store.Root, "models", $".staging-{jobId:N}-{attempt}");
        Directory.CreateDirectory(staging);
        var checkpoint = Path.Combine(store.Root, "checkpoints", $"{jobId:N}.{attempt}.ckpt");
        Directory.CreateDirectory(Path.GetDirectoryName(checkpoint)!);
        File.WriteAllText(checkpoint, "c");
        return (staging, checkpoint);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Start_SweepsOrphanModelsAndEndedJobsFiles_KeepsThoseOfActiveJobs(StorageProvider provider)
    {
        var store = Store(provider);
        var succeeded = await AddJobAsync(store, TrainingJobStatus.Succeeded);
        var failed = await AddJobAsync(store, TrainingJobStatus.Failed);
        // Nobody can claim these two here (no worker offers cuda:7): they stay active for the whole test.
        var queued = await AddJobAsync(store, TrainingJobStatus.Queued, device: "cuda:7");
        var running = await AddJobAsync(store, TrainingJobStatus.Running, device: "cuda:7");
        var orphan = PublishedFolder(store, succeeded.Id);            // crashed between rename and commit, then retried elsewhere
        var pending = PublishedFolder(store, running.Id);             // its attempt may still commit it
        var endedFiles = AttemptFiles(store, failed.Id, 2);
        var queuedFiles = AttemptFiles(store, queued.Id, 1);          // a suspended job resumes from this

        using var host = new CnnApiFactory(store, new Dictionary<string, string?>());
        _ = host.CreateClient(); // starts the host, and its worker sweeps
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (Directory.Exists(orphan) && DateTime.UtcNow < deadline) await Task.Delay(100);

        Assert.False(Directory.Exists(orphan));
        Assert.False(Directory.Exists(endedFiles.Staging));
        Assert.False(File.Exists(endedFiles.Checkpoint));
        Assert.True(Directory.Exists(pending));
        Assert.True(Directory.Exists(queuedFiles.Staging));
        Assert.True(File.Exists(queuedFiles.Checkpoint));
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task RowThatNoLongerParses_FailsWithTheReason_NotRunningForever(StorageProvider provider)
    {
        var store = Store(provider);
        var broken = await AddJobAsync(store, TrainingJobStatus.Queued, request: "{\"epochs\": ");
        using var host = new CnnApiFactory(store, new Dictionary<string, string?>());
        var jobs = new JobClient(host.CreateKeyedClient());

        var job = await jobs.WaitForEndAsync(broken.Id.ToString(), seconds: 60);

        Assert.Equal("failed", JobClient.Status(job));
        Assert.Contains("stored request cannot be read", job.GetProperty("error").GetString());
        Assert.Equal(JsonValueKind.Null, job.GetProperty("request").ValueKind);
    }

    public void Dispose()
    {
        foreach (var owned in _owned) owned.Dispose();
    }
}
