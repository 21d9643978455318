using System.Data.Common;
using System.Text.Json;
using CnnApi.Models;
using CnnApi.Storage;
using CnnApi.Torch.Training;
using Microsoft.EntityFrameworkCore;

namespace CnnApi.TrainingJobs;

/// <summary>One attempt's hold on a job: every write a worker makes is conditional on all three (and on <c>running</c>).</summary>
public sealed record JobLease(Guid JobId, string Owner, int Attempt);

/// <summary>What a worker's progress write learnt: whether it still holds the job, and whether a cancel is asked.</summary>
public enum RenewResult { Continue, CancelRequested, LeaseLost }

/// <summary>How a completion ended: recorded (now or by an earlier try whose answer was lost), cancelled first, or the lease was lost.</summary>
public enum CompleteResult { Recorded, CancelRequested, LeaseLost }

/// <summary>Progress to write with a lease renewal.</summary>
public sealed record JobProgressWrite(string? Device, JobProgress? Progress, IReadOnlyList<EpochResult> FinishedEpochs);

/// <summary>
/// The worker's side of the store. A claim is one statement (<c>UPDATE … WHERE id = (SELECT … FOR UPDATE SKIP
/// LOCKED)</c> on PostgreSQL, the same under SQLite's single writer) so many workers never take the same job;
/// every later write is conditional on the lease (owner, attempt, <c>running</c>), so a worker that lost its
/// job can change nothing. Times come from the store's clock.
/// </summary>
public sealed class JobLeases(IDbContextFactory<CnnApiDb> dbs, StoreClock clock)
{
    /// <summary>
    /// Ends abandoned jobs (lease ran out and a cancel was asked, or <paramref name="maxAttempts"/> reached), then
    /// claims the oldest queued job, or running one whose lease ran out, whose requested device is in
    /// <paramref name="acceptedDevices"/>. Null when there is none.
    /// </summary>
    public async Task<TrainingJobEntity?> TryClaimAsync(string owner, TimeSpan lease, IReadOnlyCollection<string> acceptedDevices,
        int maxAttempts, CancellationToken ct)
    {
        if (acceptedDevices.Count == 0) return null;
        await using var db = await dbs.CreateDbContextAsync(ct);
        var now = await clock.NowAsync(db, ct);
        await EndAbandonedAsync(db, now, maxAttempts, ct);
        var parameters = new List<DbParameter> { Parameter(db, "owner", owner), Parameter(db, "now", now), Parameter(db, "expires", now + lease) };
        var devices = acceptedDevices.Select((d, i) => { parameters.Add(Parameter(db, $"d{i}", d)); return $"@d{i}"; });
        const string runnable = """("Status" = 'Queued' OR ("Status" = 'Running' AND "LeaseExpiresAt" < @now))""";
        var sql = $"""
            UPDATE training_jobs
            SET "Status" = 'Running', "LeaseOwner" = @owner, "Worker" = @owner, "LeaseExpiresAt" = @expires,
                "StartedAt" = COALESCE("StartedAt", @now), "Attempts" = "Attempts" + 1
            WHERE "Id" = (SELECT "Id" FROM training_jobs
                          WHERE {runnable} AND "RequestedDevice" IN ({string.Join(", ", devices)})
                          ORDER BY "CreatedAt", "Id" LIMIT 1{(db.IsPostgres ? " FOR UPDATE SKIP LOCKED" : "")})
              AND {runnable}
            RETURNING *
            """;
        var claimed = await db.Jobs.FromSqlRaw(sql, parameters.ToArray<object>()).AsNoTracking().ToListAsync(ct);
        return claimed.SingleOrDefault();
    }

    /// <summary>
    /// Jobs whose worker is gone: cancelled if a cancel was asked (nobody will stop them otherwise), failed after
    /// <paramref name="maxAttempts"/> starts (each attempt's process died: out of memory, a native crash…).
    /// </summary>
    private static async Task EndAbandonedAsync(CnnApiDb db, DateTime now, int maxAttempts, CancellationToken ct)
    {
        var abandoned = db.Jobs.Where(j => j.Status == TrainingJobStatus.Running && j.LeaseExpiresAt < now);
        await abandoned.Where(j => j.CancelRequested).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, TrainingJobStatus.Cancelled).SetProperty(j => j.FinishedAt, now)
            .SetProperty(j => j.Error, "Cancelled while its worker was gone (its lease had run out).")
            .SetProperty(j => j.LeaseOwner, (string?)null).SetProperty(j => j.LeaseExpiresAt, (DateTime?)null), ct);
        await abandoned.Where(j => !j.CancelRequested && j.Attempts >= maxAttempts).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, TrainingJobStatus.Failed).SetProperty(j => j.FinishedAt, now)
            .SetProperty(j => j.Error, j => "Gave up after " + j.Attempts + " attempts (Training:MaxAttempts): each time, the worker running it stopped renewing its lease (its process died or hung: out of memory, a native crash?).")
            .SetProperty(j => j.LeaseOwner, (string?)null).SetProperty(j => j.LeaseExpiresAt, (DateTime?)null), ct);
    }

    private static IQueryable<TrainingJobEntity> Owned(CnnApiDb db, JobLease l) =>
        db.Jobs.Where(j => j.Id == l.JobId && j.LeaseOwner == l.Owner && j.Attempts == l.Attempt && j.Status == TrainingJobStatus.Running);

    /// <summary>Renews the lease and writes progress and finished epochs, if the lease is still held.</summary>
    public async Task<RenewResult> RenewAsync(JobLease l, TimeSpan lease, JobProgressWrite write, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var current = await Owned(db, l).AsNoTracking().Select(j => new { j.HistoryJson, j.CancelRequested }).FirstOrDefaultAsync(ct);
        if (current is null) return RenewResult.LeaseLost;
        var now = await clock.NowAsync(db, ct);
        string? history = null;
        if (write.FinishedEpochs.Count > 0)
        {
            var stored = JsonSerializer.Deserialize<List<EpochResult>>(current.HistoryJson, JobJson.Options) ?? [];
            history = JsonSerializer.Serialize(stored.Where(h => write.FinishedEpochs.All(e => e.Epoch != h.Epoch))
                .Concat(write.FinishedEpochs).OrderBy(h => h.Epoch), JobJson.Options);
        }
        var p = write.Progress;
        var rows = await Owned(db, l).ExecuteUpdateAsync(s =>
        {
            s.SetProperty(j => j.LeaseExpiresAt, now + lease);
            if (write.Device is { } device) s.SetProperty(j => j.Device, device);
            if (p is not null)
                s.SetProperty(j => j.ProgressEpoch, p.Epoch).SetProperty(j => j.ProgressEpochs, p.Epochs)
                 .SetProperty(j => j.ProgressBatch, p.Batch).SetProperty(j => j.ProgressBatchesPerEpoch, p.BatchesPerEpoch);
            if (history is not null) s.SetProperty(j => j.HistoryJson, history);
        }, ct);
        if (rows == 0) return RenewResult.LeaseLost;
        return current.CancelRequested ? RenewResult.CancelRequested : RenewResult.Continue;
    }

    /// <summary>Ends the attempt as failed or cancelled; false when the lease was already lost (nothing written).</summary>
    public async Task<bool> FinishAsync(JobLease l, TrainingJobStatus status, string error, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var now = await clock.NowAsync(db, ct);
        return await Owned(db, l).ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, status).SetProperty(j => j.Error, error)
            .SetProperty(j => j.FinishedAt, now).SetProperty(j => j.LeaseOwner, (string?)null)
            .SetProperty(j => j.LeaseExpiresAt, (DateTime?)null), ct) == 1;
    }

    /// <summary>Shutdown: puts the job back in the queue (to resume from its checkpoint); false when the lease was lost.</summary>
    public async Task<bool> RequeueAsync(JobLease l, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        return await Owned(db, l).ExecuteUpdateAsync(s => s.SetProperty(j => j.Status, TrainingJobStatus.Queued)
            .SetProperty(j => j.LeaseOwner, (string?)null).SetProperty(j => j.LeaseExpiresAt, (DateTime?)null), ct) == 1;
    }

    /// <summary>
    /// Marks the job succeeded and adds its model row in one transaction, only while the lease is held and no
    /// cancel was asked. Idempotent: when an earlier try committed but its answer was lost, the job already
    /// names <paramref name="model"/> and the result is <see cref="CompleteResult.Recorded"/>. The unique index on
    /// <c>models.JobId</c> keeps a job to one model whatever happens.
    /// </summary>
    public async Task<CompleteResult> CompleteWithModelAsync(JobLease l, ModelEntity model, CancellationToken ct, string? stopReason = null)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var now = await clock.NowAsync(db, ct);
        model.CreatedAt = now;
        var rows = await Owned(db, l).Where(j => !j.CancelRequested).ExecuteUpdateAsync(s => s
            .SetProperty(j => j.Status, TrainingJobStatus.Succeeded).SetProperty(j => j.FinishedAt, now)
            .SetProperty(j => j.TestAccuracy, model.TestAccuracy).SetProperty(j => j.TestLoss, model.TestLoss)
            .SetProperty(j => j.ModelId, model.Id).SetProperty(j => j.HistoryJson, model.HistoryJson).SetProperty(j => j.StopReason, stopReason)
            .SetProperty(j => j.LeaseOwner, (string?)null).SetProperty(j => j.LeaseExpiresAt, (DateTime?)null), ct);
        if (rows == 0)
        {
            var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == l.JobId, ct);
            if (job is { Status: TrainingJobStatus.Succeeded } && job.ModelId == model.Id) return CompleteResult.Recorded;
            return job is { Status: TrainingJobStatus.Running, CancelRequested: true } && job.LeaseOwner == l.Owner && job.Attempts == l.Attempt
                ? CompleteResult.CancelRequested : CompleteResult.LeaseLost;
        }
        db.Models.Add(model);
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        return CompleteResult.Recorded;
    }

    private static DbParameter Parameter(CnnApiDb db, string name, object value)
    {
        var parameter = db.Database.GetDbConnection().CreateCommand().CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        return parameter;
    }
}
