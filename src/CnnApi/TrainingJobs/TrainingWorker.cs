using CnnApi.Torch.Training;
using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace CnnApi.TrainingJobs;

/// <summary>
/// Claims queued jobs from the store (at most <c>Training:MaxConcurrentJobs</c> at once) and runs each on its
/// own long-running thread. Every job ends succeeded, failed or cancelled, or — on shutdown — back in the
/// queue with its last checkpoint, never in a permanent <c>running</c>.
/// </summary>
public sealed class TrainingWorker(JobStore store, JobSignal signal, JobEvents events, TrainingRunner runner,
    IOptions<TrainingOptions> options, ILogger<TrainingWorker> logger) : BackgroundService
{
    private readonly string _owner = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";
    private readonly ConcurrentDictionary<Guid, CancellationTokenSource> _running = new();
    private static readonly TimeSpan WriteInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Stops a job running on this node at its next batch.</summary>
    public void CancelLocal(Guid id)
    {
        if (_running.TryGetValue(id, out var cts)) cts.Cancel();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.WorkerEnabled)
        {
            logger.LogInformation("Training worker disabled on this node (Training:WorkerEnabled=false)");
            return;
        }
        var lease = TimeSpan.FromSeconds(o.LeaseSeconds);
        var tasks = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                tasks.RemoveAll(t => t.IsCompleted);
                while (tasks.Count < o.MaxConcurrentJobs && await store.TryClaimAsync(_owner, lease, stoppingToken) is { } job)
                    tasks.Add(RunAsync(job, lease, stoppingToken));
                // Wake on a submit/cancel signal, on the poll interval (jobs submitted on other nodes), or when a job ends.
                var wake = signal.WaitAsync(TimeSpan.FromMilliseconds(o.PollMilliseconds), stoppingToken);
                await (tasks.Count == 0 ? wake : Task.WhenAny(wake, Task.WhenAny(tasks)));
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested) { }
            catch (Exception e)
            {
                // The store may be briefly unavailable; the worker must outlive that.
                logger.LogError(e, "Training worker loop failed; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), CancellationToken.None);
            }
        }
        await Task.WhenAll(tasks);
    }

    private async Task RunAsync(TrainingJobEntity job, TimeSpan lease, CancellationToken stopping)
    {
        using var logScope = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = job.Id });
        using var userCancel = new CancellationTokenSource();
        _running[job.Id] = userCancel;
        // Shutdown is not a cancel: the trainer checkpoints where it is, and the job resumes there on the next start.
        var run = new JobRun(job, userCancel.Token, stopping);
        var leaseLost = false;
        logger.LogInformation("Job {JobId} started (attempt {Attempt})", job.Id, job.Attempts);
        try
        {
            var training = Task.Factory.StartNew(() => runner.Run(run), CancellationToken.None,
                TaskCreationOptions.LongRunning, TaskScheduler.Default);
            while (!training.IsCompleted)
            {
                await Task.WhenAny(training, Task.Delay(WriteInterval, CancellationToken.None));
                switch (Flush(run, lease))
                {
                    case FlushResult.CancelRequested: userCancel.Cancel(); break;
                    case FlushResult.LeaseLost: leaseLost = true; userCancel.Cancel(); break;
                }
            }
            var outcome = await training;
            Flush(run, lease);
            await runner.CompleteAsync(run, outcome, _owner);
            logger.LogInformation("Job {JobId} succeeded: test accuracy {TestAccuracy:0.0000}", job.Id, outcome.TestAccuracy);
        }
        catch (OperationCanceledException) when (leaseLost)
        {
            // Another worker took the job over (this one stalled past its lease): its files are now the other's.
            logger.LogWarning("Job {JobId} stopped here: its lease was taken over by another worker", job.Id);
        }
        catch (OperationCanceledException) when (userCancel.IsCancellationRequested)
        {
            Flush(run, lease);
            Finish(job.Id, TrainingJobStatus.Cancelled, "Cancelled while running.");
            runner.Discard(job.Id);
            logger.LogInformation("Job {JobId} cancelled", job.Id);
        }
        catch (OperationCanceledException e) when (stopping.IsCancellationRequested)
        {
            Flush(run, lease);
            // Back to the queue: the next start resumes from the checkpoint (written where it stopped, when training had begun).
            store.UpdateOwned(job.Id, _owner, j => { j.Status = TrainingJobStatus.Queued; j.LeaseOwner = null; j.LeaseExpiresAt = null; });
            if (e is TrainingSuspendedException s)
                logger.LogInformation("Job {JobId} checkpointed at epoch {Epoch} batch {Batch} and returned to the queue at shutdown", job.Id, s.Epoch, s.NextBatch);
            else
                logger.LogInformation("Job {JobId} returned to the queue at shutdown", job.Id);
        }
        catch (Exception e)
        {
            Flush(run, lease);
            Finish(job.Id, TrainingJobStatus.Failed, TrainingRunner.Describe(e));
            runner.Discard(job.Id);
            logger.LogWarning(e, "Job {JobId} failed", job.Id);
        }
        finally
        {
            _running.TryRemove(job.Id, out _);
            events.Changed(job.Id);
        }
    }

    private enum FlushResult { Continue, CancelRequested, LeaseLost }

    /// <summary>Writes progress and finished epochs, renews the lease, and says whether the job should go on.</summary>
    private FlushResult Flush(JobRun run, TimeSpan lease)
    {
        var progress = run.Progress;
        var epochs = new List<EpochResult>();
        while (run.FinishedEpochs.TryDequeue(out var e)) epochs.Add(e);
        var row = store.UpdateOwned(run.Job.Id, _owner, j =>
        {
            j.LeaseExpiresAt = store.Now + lease;
            if (run.Device is { } device) j.Device = device;
            if (progress is not null)
                (j.ProgressEpoch, j.ProgressEpochs, j.ProgressBatch, j.ProgressBatchesPerEpoch) =
                    (progress.Epoch, progress.Epochs, progress.Batch, progress.BatchesPerEpoch);
            if (epochs.Count > 0)
            {
                var history = JobStore.History(j).Where(h => epochs.All(e => e.Epoch != h.Epoch)).Concat(epochs).OrderBy(h => h.Epoch);
                j.HistoryJson = JsonSerializer.Serialize(history, JobJson.Options);
            }
        });
        events.Changed(run.Job.Id);
        return row is null ? FlushResult.LeaseLost : row.CancelRequested ? FlushResult.CancelRequested : FlushResult.Continue;
    }

    private void Finish(Guid id, TrainingJobStatus status, string error) =>
        store.UpdateOwned(id, _owner, j =>
        {
            j.Status = status;
            j.Error = error;
            j.FinishedAt = store.Now;
            j.LeaseOwner = null;
            j.LeaseExpiresAt = null;
        });
}
