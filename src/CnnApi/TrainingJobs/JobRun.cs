using CnnApi.Torch.Training;
using System.Collections.Concurrent;

namespace CnnApi.TrainingJobs;

/// <summary>
/// What the training thread tells the async world about one running job. The trainer only sets fields and
/// enqueues epochs; the worker's loop writes them to the store, so no database call or await happens inside
/// a TorchSharp dispose scope.
/// </summary>
public sealed class JobRun(TrainingJobEntity job, CancellationToken cancellation)
{
    private JobProgress? _progress;

    public TrainingJobEntity Job { get; } = job;
    public TrainingJobRequest Request { get; } = JobStore.Request(job);
    public CancellationToken Cancellation { get; } = cancellation;
    public ConcurrentQueue<EpochResult> FinishedEpochs { get; } = new();
    public string? Device { get; set; }

    public JobProgress? Progress => Volatile.Read(ref _progress);

    public void ReportProgress(int epoch, int epochs, int batch, int batchesPerEpoch) =>
        Volatile.Write(ref _progress, new JobProgress(epoch, epochs, batch, batchesPerEpoch, 0));
}
