using System.Text.Json;
using CnnApi.Architectures.Presets;
using CnnApi.Architectures.Spec;
using CnnApi.Models;
using CnnApi.Storage;
using CnnApi.Tests.Infrastructure;
using CnnApi.TrainingJobs;
using Microsoft.EntityFrameworkCore;

namespace CnnApi.Tests.TrainingJobs;

/// <summary>
/// The columns issue 13 added, on a real SQLite file and a real PostgreSQL database: a job's <c>stopReason</c> and a
/// model's <c>parentModelId</c> written by completion and read back, and <see cref="InitialModels"/> finding the parent.
/// </summary>
public sealed class ContinuedTrainingStoreTests : IDisposable
{
    private readonly List<TestStore> _stores = [];
    private readonly FakeStoreClock _clock = new(new DateTimeOffset(2026, 11, 30, 12, 0, 0, TimeSpan.Zero));

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task Complete_WithStopReasonAndParent_BothReadBack(StorageProvider provider)
    {
        var store = Create(provider);
        var dbs = store.Factory();
        var (jobs, leases) = (new JobStore(dbs, _clock), new JobLeases(dbs, _clock));
        var job = JobStoreTests.NewJob();
        Assert.True(await jobs.TryEnqueueAsync(job, 10, default));
        await leases.TryClaimAsync("w", TimeSpan.FromSeconds(30), ["auto"], 3, default);
        var parentId = Guid.NewGuid();
        var model = JobStoreTests.NewModel(job.Id);
        model.ParentModelId = parentId;
        const string reason = "early stopping: val_loss did not improve for 2 epochs; restored the weights of epoch 3 (val_loss 0.04321)";

        Assert.Equal(CompleteResult.Recorded, await leases.CompleteWithModelAsync(new JobLease(job.Id, "w", 1), model, default, reason));

        Assert.Equal(reason, JobStore.ToDto((await jobs.FindAsync(job.Id))!).StopReason);
        await using var db = await dbs.CreateDbContextAsync();
        var stored = await db.Models.AsNoTracking().SingleAsync(m => m.Id == model.Id);
        Assert.Equal(parentId, TrainedModel.From(stored, false).ParentModelId);
    }

    [Theory, MemberData(nameof(TestStore.Providers), MemberType = typeof(TestStore))]
    public async Task InitialModels_FindsTheParent_RefusesAnUnknownIdOrAnotherArchitecture(StorageProvider provider)
    {
        var store = Create(provider);
        var convnet = JsonSerializer.Serialize(ArchitecturePresets.Find("mnist-convnet")!.Spec, ArchitectureSpec.JsonOptions);
        var parent = JobStoreTests.NewModel(Guid.NewGuid());
        parent.ArchitectureJson = convnet;
        await using (var db = await store.Factory().CreateDbContextAsync())
        {
            db.Models.Add(parent);
            await db.SaveChangesAsync();
        }
        var models = new InitialModels(store.Factory());
        var errors = new List<(string Path, string Message)>();

        var (json, _) = await models.CheckAsync(parent.Id, null, "", given: false, errors, default);
        Assert.Empty(errors);
        Assert.Equal(JsonDocument.Parse(convnet).RootElement.GetRawText(), json!.Value.GetRawText());

        using var same = JsonDocument.Parse(convnet);
        await models.CheckAsync(parent.Id, same.RootElement, "mnist-convnet", given: true, errors, default);
        Assert.Empty(errors);

        using var other = JsonDocument.Parse(JsonSerializer.Serialize(ArchitecturePresets.Find("lenet5")!.Spec, ArchitectureSpec.JsonOptions));
        await models.CheckAsync(parent.Id, other.RootElement, "lenet5", given: true, errors, default);
        await models.CheckAsync(Guid.NewGuid(), null, "", given: false, errors, default);
        Assert.Equal(["initialModelId", "initialModelId"], errors.Select(e => e.Path));
        Assert.Contains($"Model {parent.Id} has another architecture (", errors[0].Message);
        Assert.StartsWith("No model ", errors[1].Message);
    }

    private TestStore Create(StorageProvider provider)
    {
        var store = TestStore.Create(provider);
        _stores.Add(store);
        return store;
    }

    public void Dispose()
    {
        foreach (var store in _stores) store.Dispose();
    }
}
