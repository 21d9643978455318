using System.Collections.Concurrent;

namespace CnnApi.TrainingJobs;

/// <summary>
/// Tells event streams on this node that a job changed, so they re-read it at once instead of at their
/// next poll. Streams still poll the store, which covers jobs run by other nodes.
/// </summary>
public sealed class JobEvents
{
    private readonly ConcurrentDictionary<Guid, TaskCompletionSource> _changed = new();

    public void Changed(Guid jobId)
    {
        if (_changed.TryRemove(jobId, out var tcs)) tcs.TrySetResult();
    }

    /// <summary>Completes on the next <see cref="Changed"/> of the job, or after <paramref name="timeout"/>.</summary>
    public async Task WaitAsync(Guid jobId, TimeSpan timeout, CancellationToken ct)
    {
        var tcs = _changed.GetOrAdd(jobId, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        try { await tcs.Task.WaitAsync(timeout, ct); }
        catch (TimeoutException) { }
    }
}
