using System.Diagnostics;
using System.Text.Json;
using CnnApi.Models;
using Microsoft.Extensions.Options;

namespace CnnApi.TrainingJobs;

/// <summary>
/// Runs one claimed attempt of a job to its end. Training runs on its own long-running thread; this loop writes
/// progress and renews the lease every 500 ms. Every exit path first waits for the training thread to end, and
/// only then finishes, publishes or discards, each step conditional on still holding the lease: a worker that
/// lost the job removes nothing but its own attempt's staging folder.
/// </summary>
public sealed class JobAttempt(JobLeases leases, TrainingRunner runner, ModelPaths paths, JobEvents events,
    IOptions<TrainingOptions> options, ILogger<JobAttempt> logger)
{
    public static readonly TimeSpan WriteInterval = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan ShutdownWriteLimit = TimeSpan.FromSeconds(5);

    /// <summary>Runs the claimed <paramref name="job"/> on <paramref name="device"/>; the lease counts from <paramref name="claimStarted"/> (a <see cref="Stopwatch"/> timestamp taken before the claim was sent).</summary>
    /// <param name="job">The claimed row.</param>
    /// <param name="device">The device assigned by the worker.</param>
    /// <param name="owner">The worker's lease owner name.</param>
    /// <param name="claimStarted">When the claim was sent.</param>
    /// <param name="userCancel">Cancelled by a user's cancel (or a lost lease).</param>
    /// <param name="stopping">Shutdown.</param>
    public async Task RunAsync(TrainingJobEntity job, string device, string owner, long claimStarted,
        CancellationTokenSource userCancel, CancellationToken stopping)
    {
        using var logScope = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = job.Id });
        var keeper = new LeaseKeeper(leases, new JobLease(job.Id, owner, job.Attempts), TimeSpan.FromSeconds(options.Value.LeaseSeconds),
            claimStarted, logger);
        logger.LogInformation("Job {JobId} started (attempt {Attempt}) on {Device}", job.Id, job.Attempts, device);
        try
        {
            JobRun run;
            try { run = new JobRun(job, device, userCancel.Token, stopping); }
            catch (JsonException e)
            {
                await EndAsync(keeper, TrainingJobStatus.Failed, $"The job's stored request cannot be read: {e.Message}");
                return;
            }
            await TrainAsync(run, keeper, userCancel, stopping);
        }
        finally
        {
            events.Changed(job.Id);
        }
    }

    private async Task TrainAsync(JobRun run, LeaseKeeper keeper, CancellationTokenSource userCancel, CancellationToken stopping)
    {
        var job = run.Job;
        var training = Task.Factory.StartNew(() => runner.Run(run), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        var lost = false;
        while (!training.IsCompleted)
        {
            await Task.WhenAny(training, Task.Delay(WriteInterval, CancellationToken.None));
            lost |= await WriteAsync(run, keeper, userCancel);
        }
        // The training thread has ended: from here on, nothing it does can race with what follows.
        TrainingOutcome? outcome = null;
        Exception? error = null;
        try { outcome = await training; }
        catch (Exception e) { error = e; }
        if (!lost) lost = await WriteAsync(run, keeper, userCancel);

        if (lost)
        {
            paths.DeleteStaging(job.Id, run.Attempt);
            logger.LogWarning("Job {JobId} stopped here: its lease ran out or was taken over; its files and state belong to the new owner", job.Id);
        }
        else if (outcome is not null) await PublishAsync(run, keeper, outcome);
        else if (error is OperationCanceledException && userCancel.IsCancellationRequested)
            await EndAsync(keeper, TrainingJobStatus.Cancelled, "Cancelled while running.");
        else if (error is OperationCanceledException && stopping.IsCancellationRequested)
        {
            paths.DeleteStaging(job.Id, run.Attempt);
            // Back to the queue: the next start resumes from this attempt's checkpoint (written where it stopped).
            var requeued = await keeper.RetryAsync(() => leases.RequeueAsync(keeper.Lease, CancellationToken.None), ShutdownWriteLimit);
            logger.LogInformation("Job {JobId} {Outcome} at shutdown{Where}", job.Id,
                requeued == true ? "returned to the queue" : "left to be taken over when its lease runs out",
                error is Torch.Training.TrainingSuspendedException s ? $" (checkpoint at epoch {s.Epoch} batch {s.NextBatch})" : "");
        }
        else
        {
            logger.LogWarning(error, "Job {JobId} failed", job.Id);
            await EndAsync(keeper, TrainingJobStatus.Failed, TrainingRunner.Describe(error!));
        }
    }

    /// <summary>Writes progress and renews the lease; true when the lease is lost (by the store's answer, or by age).</summary>
    private async Task<bool> WriteAsync(JobRun run, LeaseKeeper keeper, CancellationTokenSource userCancel)
    {
        var result = await keeper.RenewAsync(run);
        events.Changed(run.Job.Id);
        if (result == RenewResult.CancelRequested) userCancel.Cancel();
        if (result == RenewResult.LeaseLost || (result is null && keeper.Expired))
        {
            userCancel.Cancel();
            return true;
        }
        return false;
    }

    /// <summary>
    /// Moves the staged model into place and commits it with the job's success, retrying both (each is idempotent)
    /// while the store is unreachable and the lease lasts. A worker that gives up leaves the folder for the
    /// start-up sweep (the commit may have landed); one that learns it lost the job or was cancelled removes it.
    /// </summary>
    private async Task PublishAsync(JobRun run, LeaseKeeper keeper, TrainingOutcome outcome)
    {
        var job = run.Job;
        var model = TrainingRunner.ModelFor(run, outcome);
        try { runner.Stage(run, model, outcome); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            await EndAsync(keeper, TrainingJobStatus.Failed, $"The model's files could not be written: {e.Message}");
            return;
        }
        var result = await keeper.RetryAsync(async () =>
        {
            paths.Publish(job.Id, run.Attempt, model.Id);
            return await leases.CompleteWithModelAsync(keeper.Lease, model, CancellationToken.None, outcome.Result.StopReason);
        });
        switch (result)
        {
            case CompleteResult.Recorded:
                paths.DeleteJobFiles(job.Id);
                logger.LogInformation("Job {JobId} succeeded: model {ModelId}, test accuracy {TestAccuracy:0.0000}", job.Id, model.Id, outcome.TestAccuracy);
                break;
            case CompleteResult.CancelRequested:
                paths.DeleteModel(model.Id);
                await EndAsync(keeper, TrainingJobStatus.Cancelled, "Cancelled while running.");
                break;
            case CompleteResult.LeaseLost:
                paths.DeleteModel(model.Id);
                paths.DeleteStaging(job.Id, run.Attempt);
                logger.LogWarning("Job {JobId} finished here after its lease was taken over; this result is discarded", job.Id);
                break;
            default:
                logger.LogError("Job {JobId}: the store stayed unreachable until the lease ran out; model folder {ModelId} is left for the start-up sweep", job.Id, model.Id);
                break;
        }
    }

    /// <summary>Ends the attempt as failed or cancelled; only then, the job having ended, removes every attempt's files.</summary>
    private async Task EndAsync(LeaseKeeper keeper, TrainingJobStatus status, string error)
    {
        var ended = await keeper.RetryAsync(() => leases.FinishAsync(keeper.Lease, status, error, CancellationToken.None));
        if (ended == true)
        {
            paths.DeleteJobFiles(keeper.Lease.JobId);
            logger.LogInformation("Job {JobId} {Status}: {Error}", keeper.Lease.JobId, status.ToString().ToLowerInvariant(), error);
        }
        else
        {
            paths.DeleteStaging(keeper.Lease.JobId, keeper.Lease.Attempt);
            logger.LogWarning("Job {JobId} could not be marked {Status} (lease lost or store unreachable)", keeper.Lease.JobId, status);
        }
    }
}
