using CnnApi.Torch.Training;
using System.Text.Json;
using CnnApi.Storage;
using Microsoft.EntityFrameworkCore;

namespace CnnApi.TrainingJobs;

/// <summary>
/// Every job, in the database. It is also the queue: workers claim the oldest queued job (or one whose
/// worker's lease ran out) with a conditional update, so jobs survive restarts and nodes can share a store.
/// </summary>
public sealed class JobStore(IDbContextFactory<CnnApiDb> dbs, TimeProvider clock)
{
    public DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>Adds a queued job unless <paramref name="maxQueued"/> jobs are already waiting.</summary>
    public async Task<bool> TryEnqueueAsync(TrainingJobEntity job, int maxQueued, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (await db.Jobs.CountAsync(j => j.Status == TrainingJobStatus.Queued, ct) >= maxQueued) return false;
        db.Jobs.Add(job);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return true;
    }

    public async Task<TrainingJobEntity?> FindAsync(Guid id, CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, ct);
    }

    public async Task<(List<TrainingJobEntity> Items, int Total)> ListAsync(TrainingJobStatus? status, int page, int pageSize, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var query = db.Jobs.AsNoTracking();
        if (status is { } s) query = query.Where(j => j.Status == s);
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(j => j.CreatedAt).ThenByDescending(j => j.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(ct);
        return (items, total);
    }

    /// <summary>Claims the next runnable job for <paramref name="owner"/>, or null when there is none.</summary>
    public async Task<TrainingJobEntity?> TryClaimAsync(string owner, TimeSpan lease, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        for (var attempt = 0; attempt < 5; attempt++)
        {
            var now = Now;
            var candidate = await db.Jobs.AsNoTracking()
                .Where(j => j.Status == TrainingJobStatus.Queued
                         || (j.Status == TrainingJobStatus.Running && j.LeaseExpiresAt < now))
                .OrderBy(j => j.CreatedAt).Select(j => new { j.Id, j.Status, j.LeaseOwner }).FirstOrDefaultAsync(ct);
            if (candidate is null) return null;
            // The update only succeeds if nobody claimed the row since we read it.
            var claimed = await db.Jobs
                .Where(j => j.Id == candidate.Id && j.Status == candidate.Status && j.LeaseOwner == candidate.LeaseOwner)
                .ExecuteUpdateAsync(u => u
                    .SetProperty(j => j.Status, TrainingJobStatus.Running)
                    .SetProperty(j => j.LeaseOwner, owner)
                    .SetProperty(j => j.LeaseExpiresAt, now + lease)
                    .SetProperty(j => j.StartedAt, j => j.StartedAt ?? now)
                    .SetProperty(j => j.Attempts, j => j.Attempts + 1), ct);
            if (claimed == 1) return await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == candidate.Id, ct);
        }
        return null;
    }

    /// <summary>Applies <paramref name="change"/> to the job if <paramref name="owner"/> still holds it; returns the row after the change.</summary>
    public TrainingJobEntity? UpdateOwned(Guid id, string owner, Action<TrainingJobEntity> change)
    {
        using var db = dbs.CreateDbContext();
        var job = db.Jobs.FirstOrDefault(j => j.Id == id && j.LeaseOwner == owner);
        if (job is null) return null;
        change(job);
        db.SaveChanges();
        return job;
    }

    /// <summary>
    /// Adds a model row and finishes the job in one transaction, so neither exists without the other;
    /// false (and nothing written) when <paramref name="owner"/> no longer holds the job.
    /// </summary>
    public async Task<bool> CompleteWithModelAsync(Guid id, string owner, Models.ModelEntity model, Action<TrainingJobEntity> change, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var job = await db.Jobs.FirstOrDefaultAsync(j => j.Id == id && j.LeaseOwner == owner, ct);
        if (job is null) return false;
        change(job);
        db.Models.Add(model);
        await db.SaveChangesAsync(ct);
        return true;
    }

    /// <summary>
    /// Cancels a job: a queued one at once; a running one is flagged and stopped by its worker within a batch.
    /// Returns the job after the change, or null if it does not exist.
    /// </summary>
    public async Task<(TrainingJobEntity? Job, bool Conflict)> RequestCancelAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var job = await db.Jobs.FirstOrDefaultAsync(j => j.Id == id, ct);
        if (job is null) return (null, false);
        switch (job.Status)
        {
            case TrainingJobStatus.Queued:
                job.Status = TrainingJobStatus.Cancelled;
                job.FinishedAt = Now;
                job.Error = "Cancelled before it started.";
                break;
            case TrainingJobStatus.Running:
                job.CancelRequested = true;
                break;
            default:
                return (job, true);
        }
        await db.SaveChangesAsync(ct);
        return (job, false);
    }

    public static List<EpochResult> History(TrainingJobEntity job) =>
        JsonSerializer.Deserialize<List<EpochResult>>(job.HistoryJson, JobJson.Options) ?? [];

    public static TrainingJobRequest Request(TrainingJobEntity job) =>
        JsonSerializer.Deserialize<TrainingJobRequest>(job.RequestJson, JobJson.Options)!;

    /// <summary>The API view of a row.</summary>
    public static TrainingJob ToDto(TrainingJobEntity job)
    {
        JobProgress? progress = job.ProgressEpochs == 0 ? null : new JobProgress(
            job.ProgressEpoch, job.ProgressEpochs, job.ProgressBatch, job.ProgressBatchesPerEpoch,
            job.ProgressBatchesPerEpoch == 0 ? 0 : Math.Round(
                ((job.ProgressEpoch - 1) * (double)job.ProgressBatchesPerEpoch + job.ProgressBatch)
                / ((double)job.ProgressEpochs * job.ProgressBatchesPerEpoch), 4));
        return new TrainingJob(job.Id, job.Status, job.Name, job.CreatedAt, job.StartedAt, job.FinishedAt, job.Device,
            progress, History(job), job.TestAccuracy, job.TestLoss, job.ModelId, job.Error, job.Attempts, Request(job));
    }
}
