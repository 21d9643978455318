using CnnApi.Torch.Training;
using System.Collections.Concurrent;

namespace CnnApi.TrainingJobs;

/// <summary>
/// What the training thread tells the async world about one running job. The trainer only sets fields and
/// enqueues epochs; the worker's loop writes them to the store, so no database call or await happens inside
/// a TorchSharp dispose scope.
/// </summary>
/// <param name="job">The claimed row.</param>
/// <param name="cancellation">The user's cancel: stop at the next batch, keep nothing.</param>
/// <param name="suspend">Shutdown: stop at the next batch after a checkpoint, to resume there.</param>
public sealed class JobRun(TrainingJobEntity job, CancellationToken cancellation, CancellationToken suspend)
{
    private JobProgress? _progress;

    public TrainingJobEntity Job { get; } = job;
    public TrainingJobRequest Request { get; } = JobStore.Request(job);
    public CancellationToken Cancellation { get; } = cancellation;
    public CancellationToken Suspend { get; } = suspend;
    public ConcurrentQueue<EpochResult> FinishedEpochs { get; } = new();
    public string? Device { get; set; }

    public JobProgress? Progress => Volatile.Read(ref _progress);

    public void ReportProgress(int epoch, int epochs, int batch, int batchesPerEpoch) =>
        Volatile.Write(ref _progress, new JobProgress(epoch, epochs, batch, batchesPerEpoch, 0));
}
