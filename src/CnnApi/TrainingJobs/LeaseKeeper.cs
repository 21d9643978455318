using System.Diagnostics;

namespace CnnApi.TrainingJobs;

/// <summary>
/// One attempt's lease as its worker sees it. A failed write (store briefly unavailable) does not end the job;
/// the lease counts as lost once the last successful renewal is older than the lease (measured on this node's
/// monotonic clock from before the renewal was sent, so never later than the store decides it ran out).
/// </summary>
public sealed class LeaseKeeper(JobLeases leases, JobLease lease, TimeSpan duration, long renewedAt, ILogger logger)
{
    private long _renewedAt = renewedAt;

    public JobLease Lease => lease;
    public TimeSpan Duration => duration;
    public bool Expired => Stopwatch.GetElapsedTime(_renewedAt) >= duration;

    /// <summary>Renews the lease with what <paramref name="run"/> has to write; null when the store could not be reached (the write is kept for the next try).</summary>
    public async Task<RenewResult?> RenewAsync(JobRun? run)
    {
        var write = run?.TakeWrite() ?? new JobProgressWrite(null, null, []);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await leases.RenewAsync(lease, duration, write, CancellationToken.None);
            if (result != RenewResult.LeaseLost) _renewedAt = started;
            return result;
        }
        catch (Exception e)
        {
            run?.Return(write);
            logger.LogWarning("Job {JobId}: progress and lease write failed ({Error}); the job goes on while the lease lasts",
                lease.JobId, e.Message);
            return null;
        }
    }

    /// <summary>
    /// Runs a store write that ends the attempt, retrying with the lease kept alive between tries. True or false
    /// as <paramref name="write"/> answers; null when the store stayed unreachable until the lease ran out.
    /// </summary>
    public async Task<T?> RetryAsync<T>(Func<Task<T>> write, TimeSpan? limit = null) where T : struct
    {
        var deadline = limit is { } l ? Stopwatch.GetTimestamp() + (long)(l.TotalSeconds * Stopwatch.Frequency) : long.MaxValue;
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try { return await write(); }
            catch (Exception e)
            {
                logger.LogWarning("Job {JobId}: store write failed ({Error}); retrying", lease.JobId, e.Message);
            }
            await Task.Delay(delay);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(5).Ticks));
            var renewed = await RenewAsync(null);
            if (renewed == RenewResult.LeaseLost)
            {
                // The lease is gone, perhaps because an earlier try did commit: one last try finds out (writes are idempotent).
                try { return await write(); }
                catch (Exception) { return null; }
            }
            if (Expired || Stopwatch.GetTimestamp() > deadline) return null;
        }
    }
}
