using CnnApi.Torch.Training;
using System.Text.Json;
using CnnApi.Storage;
using Microsoft.EntityFrameworkCore;

namespace CnnApi.TrainingJobs;

/// <summary>
/// Every job, in the database: submission, reading and cancelling (the API's side). The store is also the
/// queue; workers claim and write jobs through <see cref="JobLeases"/>. Every write here is one conditional
/// statement on the state it read, so it cannot undo a concurrent claim, progress write or completion.
/// </summary>
public sealed class JobStore(IDbContextFactory<CnnApiDb> dbs, StoreClock clock)
{
    /// <summary>The store's clock (the database server's on PostgreSQL).</summary>
    public async Task<DateTime> NowAsync(CancellationToken ct = default)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await clock.NowAsync(db, ct);
    }

    /// <summary>
    /// Adds a queued job (stamped with the store's clock) unless <paramref name="maxQueued"/> jobs already wait.
    /// Count and insert happen under one lock (SQLite's write lock; a PostgreSQL transaction advisory lock), so
    /// concurrent submissions on many nodes never overshoot the limit.
    /// </summary>
    public async Task<bool> TryEnqueueAsync(TrainingJobEntity job, int maxQueued, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        if (db.IsPostgres) await db.Database.ExecuteSqlRawAsync("SELECT pg_advisory_xact_lock(7215002)", ct);
        if (await db.Jobs.CountAsync(j => j.Status == TrainingJobStatus.Queued, ct) >= maxQueued) return false;
        job.CreatedAt = await clock.NowAsync(db, ct);
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

    /// <summary>
    /// Cancels a job: a queued one at once; a running one is flagged and stopped by its worker within a batch,
    /// unless its worker is gone (lease ran out), when it is cancelled at once. Each change is conditional on
    /// the state read, and re-read when another node changed the job in between. Returns the job after the
    /// change (null if it does not exist), and whether it had already ended.
    /// </summary>
    public async Task<(TrainingJobEntity? Job, bool Conflict)> RequestCancelAsync(Guid id, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        while (true)
        {
            var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, ct);
            if (job is null) return (null, false);
            var now = await clock.NowAsync(db, ct);
            var rows = job.Status switch
            {
                TrainingJobStatus.Queued => await db.Jobs.Where(j => j.Id == id && j.Status == TrainingJobStatus.Queued)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, TrainingJobStatus.Cancelled)
                        .SetProperty(j => j.FinishedAt, now).SetProperty(j => j.Error, "Cancelled before it started."), ct),
                TrainingJobStatus.Running when job.LeaseExpiresAt < now => await db.Jobs
                    .Where(j => j.Id == id && j.Status == TrainingJobStatus.Running && j.LeaseExpiresAt < now)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, TrainingJobStatus.Cancelled).SetProperty(j => j.FinishedAt, now)
                        .SetProperty(j => j.Error, "Cancelled while its worker was gone (its lease had run out).")
                        .SetProperty(j => j.LeaseOwner, (string?)null).SetProperty(j => j.LeaseExpiresAt, (DateTime?)null), ct),
                TrainingJobStatus.Running => await db.Jobs.Where(j => j.Id == id && j.Status == TrainingJobStatus.Running)
                    .ExecuteUpdateAsync(s => s.SetProperty(j => j.CancelRequested, true), ct),
                _ => -1,
            };
            if (rows < 0) return (job, true);
            if (rows == 1) return (await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == id, ct), false);
            // Another node changed the job between our read and our write: look again.
        }
    }

    public static List<EpochResult> History(TrainingJobEntity job) =>
        JsonSerializer.Deserialize<List<EpochResult>>(job.HistoryJson, JobJson.Options) ?? [];

    public static TrainingJobRequest Request(TrainingJobEntity job) =>
        JsonSerializer.Deserialize<TrainingJobRequest>(job.RequestJson, JobJson.Options)
        ?? throw new JsonException("the stored request is null");

    /// <summary>The stored request, or null for a row that no longer parses (its worker fails such a job with the reason).</summary>
    public static TrainingJobRequest? TryRequest(TrainingJobEntity job)
    {
        try { return Request(job); }
        catch (JsonException) { return null; }
    }

    /// <summary>The API view of a row; <paramref name="waitingFor"/> says why a queued job has not started.</summary>
    public static TrainingJob ToDto(TrainingJobEntity job, string? waitingFor = null)
    {
        JobProgress? progress = job.ProgressEpochs == 0 ? null : new JobProgress(
            job.ProgressEpoch, job.ProgressEpochs, job.ProgressBatch, job.ProgressBatchesPerEpoch,
            job.ProgressBatchesPerEpoch == 0 ? 0 : Math.Round(
                ((job.ProgressEpoch - 1) * (double)job.ProgressBatchesPerEpoch + job.ProgressBatch)
                / ((double)job.ProgressEpochs * job.ProgressBatchesPerEpoch), 4));
        return new TrainingJob(job.Id, job.Status, job.Name, job.CreatedAt, job.StartedAt, job.FinishedAt, job.Device,
            progress, History(job), job.TestAccuracy, job.TestLoss, job.ModelId, job.Error, job.Attempts, TryRequest(job))
        {
            Worker = job.Worker,
            WaitingFor = job.Status == TrainingJobStatus.Queued ? waitingFor : null,
            StopReason = StopReason(job),
        };
    }

    /// <summary>Why an ended job stopped; a success recorded before stop reasons were kept ran all its epochs (no callback could stop it).</summary>
    private static string? StopReason(TrainingJobEntity job) => job.Status switch
    {
        TrainingJobStatus.Succeeded => job.StopReason ?? (TryRequest(job)?.Epochs is { } n ? $"completed all {n} epoch{(n == 1 ? "" : "s")}" : null),
        TrainingJobStatus.Cancelled => "cancelled",
        TrainingJobStatus.Failed => "failed",
        _ => null,
    };
}
