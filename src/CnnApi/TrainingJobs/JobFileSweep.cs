using System.Text.Json;
using CnnApi.Models;
using CnnApi.Storage;
using Microsoft.EntityFrameworkCore;

namespace CnnApi.TrainingJobs;

/// <summary>
/// Removes what crashes leave under <c>Storage:Root</c>: model folders without a row (a worker died between
/// moving its model into place and committing it, or gave up on an unreachable store) once their job is no
/// longer running, staging folders and checkpoints of jobs that have ended, and model folders a delete left half done. Files of queued and running
/// jobs are never touched: a later attempt may resume from them, or commit them.
/// </summary>
public sealed class JobFileSweep(IDbContextFactory<CnnApiDb> dbs, ModelPaths paths, ILogger<JobFileSweep> logger)
{
    /// <summary>Sweeps once; returns how many folders and job file sets were removed.</summary>
    public async Task<int> RunAsync(CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var removed = paths.DeleteLeftovers();
        foreach (var modelId in paths.PublishedModels())
        {
            if (await db.Models.AnyAsync(m => m.Id == modelId, ct)) continue;
            var jobId = JobOf(modelId);
            if (jobId is { } job && await db.Jobs.AnyAsync(j => j.Id == job && (j.Status == TrainingJobStatus.Queued || j.Status == TrainingJobStatus.Running), ct)) continue;
            paths.DeleteModel(modelId);
            logger.LogWarning("Removed model folder {ModelId} of job {JobId}: no model row refers to it", modelId, jobId);
            removed++;
        }
        foreach (var jobId in paths.JobsWithFiles())
        {
            if (await db.Jobs.AnyAsync(j => j.Id == jobId && (j.Status == TrainingJobStatus.Queued || j.Status == TrainingJobStatus.Running), ct)) continue;
            paths.DeleteJobFiles(jobId);
            logger.LogInformation("Removed staging and checkpoint files of ended job {JobId}", jobId);
            removed++;
        }
        return removed;
    }

    /// <summary>The job a published folder came from, read from its metadata (null when unreadable).</summary>
    private Guid? JobOf(Guid modelId)
    {
        try
        {
            using var file = File.OpenRead(Path.Combine(paths.Directory(modelId), ModelPaths.MetadataFile));
            using var doc = JsonDocument.Parse(file);
            return doc.RootElement.GetProperty("model").GetProperty("jobId").GetGuid();
        }
        catch (Exception e) when (e is IOException or JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }
}
