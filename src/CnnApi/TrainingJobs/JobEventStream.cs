using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;

namespace CnnApi.TrainingJobs;

/// <summary>
/// The Server-Sent Events of one job: <c>progress</c>, <c>epoch</c> (one per finished epoch) and a final
/// <c>status</c>. Event ids are positions in the job (epoch × 10⁶ + batch; the first event, <c>job</c>, is a snapshot without an id), so a client reconnecting with
/// <c>Last-Event-ID</c> gets only what it missed.
/// </summary>
public static class JobEventStream
{
    private const long EpochSpan = 1_000_000;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(1);

    public static long ProgressId(int epoch, int batch) => (epoch - 1) * EpochSpan + batch;
    public static long EpochId(int epoch) => epoch * EpochSpan - 1;
    public static long FinalId(int epochs) => epochs * EpochSpan + 1;

    public static async IAsyncEnumerable<SseItem<object>> ReadAsync(Guid id, long lastEventId, JobStore store, JobEvents events,
        [EnumeratorCancellation] CancellationToken ct)
    {
        var sent = lastEventId;
        var first = true;
        while (!ct.IsCancellationRequested)
        {
            var entity = await store.FindAsync(id, ct);
            if (entity is null) yield break;
            var job = JobStore.ToDto(entity);
            var epochs = job.Request?.Epochs ?? TrainingJobRequest.DefaultEpochs;
            if (first)
            {
                // A snapshot without an id, so it does not move the client's Last-Event-ID.
                first = false;
                yield return new SseItem<object>(job, "job");
            }
            foreach (var epoch in job.History.Where(h => EpochId(h.Epoch) > sent))
            {
                sent = EpochId(epoch.Epoch);
                yield return new SseItem<object>(epoch, "epoch") { EventId = sent.ToString() };
            }
            if (job.Status is TrainingJobStatus.Succeeded or TrainingJobStatus.Failed or TrainingJobStatus.Cancelled)
            {
                if (FinalId(epochs) > sent) yield return new SseItem<object>(job, "status") { EventId = FinalId(epochs).ToString() };
                yield break;
            }
            if (job.Progress is { Batch: > 0 } p && ProgressId(p.Epoch, p.Batch) > sent)
            {
                sent = ProgressId(p.Epoch, p.Batch);
                yield return new SseItem<object>(new { job.Status, Progress = p }, "progress") { EventId = sent.ToString() };
            }
            if (!await WaitQuietlyAsync(events, id, ct)) yield break;
        }
    }

    /// <summary>Waits for the job's next signal or the poll; false when the client went away (an ordinary end).</summary>
    private static async Task<bool> WaitQuietlyAsync(JobEvents events, Guid id, CancellationToken ct)
    {
        try
        {
            await events.WaitAsync(id, Poll, ct);
            return true;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            return false;
        }
    }
}
