using CnnApi.Torch.Training;
using System.Collections.Concurrent;

namespace CnnApi.TrainingJobs;

/// <summary>
/// What the training thread tells the async world about one attempt of a job. The trainer only sets fields and
/// enqueues epochs; the worker's loop writes them to the store, so no database call or await happens inside
/// a TorchSharp dispose scope.
/// </summary>
/// <param name="job">The claimed row (its <c>Attempts</c> is this attempt's number).</param>
/// <param name="device">The device the worker assigned (<c>cpu</c>, <c>cuda:N</c>).</param>
/// <param name="cancellation">The user's cancel, or a lost lease: stop at the next batch, keep nothing.</param>
/// <param name="suspend">Shutdown: stop at the next batch after a checkpoint, to resume there.</param>
public sealed class JobRun(TrainingJobEntity job, string device, CancellationToken cancellation, CancellationToken suspend)
{
    private JobProgress? _progress;

    public TrainingJobEntity Job { get; } = job;
    public int Attempt => Job.Attempts;
    /// <summary>Throws <see cref="System.Text.Json.JsonException"/> for a row that no longer parses.</summary>
    public TrainingJobRequest Request { get; } = JobStore.Request(job);
    public string AssignedDevice { get; } = device;
    public CancellationToken Cancellation { get; } = cancellation;
    public CancellationToken Suspend { get; } = suspend;
    public ConcurrentQueue<EpochResult> FinishedEpochs { get; } = new();
    /// <summary>The device as the job shows it, set once training starts.</summary>
    public string? Device { get; set; }

    public JobProgress? Progress => Volatile.Read(ref _progress);

    public void ReportProgress(int epoch, int epochs, int batch, int batchesPerEpoch) =>
        Volatile.Write(ref _progress, new JobProgress(epoch, epochs, batch, batchesPerEpoch, 0));

    /// <summary>Takes what changed since the last write (finished epochs are dequeued).</summary>
    public JobProgressWrite TakeWrite()
    {
        var epochs = new List<EpochResult>();
        while (FinishedEpochs.TryDequeue(out var e)) epochs.Add(e);
        return new JobProgressWrite(Device, Progress, epochs);
    }

    /// <summary>Puts epochs of a write that failed back, so the next write carries them.</summary>
    public void Return(JobProgressWrite write)
    {
        foreach (var e in write.FinishedEpochs) FinishedEpochs.Enqueue(e);
    }
}
