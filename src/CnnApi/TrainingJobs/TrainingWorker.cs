using System.Collections.Concurrent;
using System.Diagnostics;
using CnnApi.Workers;
using Microsoft.Extensions.Options;

namespace CnnApi.TrainingJobs;

/// <summary>
/// This node's worker: registers in the store with the devices it offers and renews its heartbeat, claims jobs
/// its free devices can run (a GPU takes <c>Training:JobsPerGpu</c> jobs, the CPU <c>Training:MaxConcurrentJobs</c>)
/// and runs each as a <see cref="JobAttempt"/>. Every job ends succeeded, failed or cancelled, or — on shutdown —
/// back in the queue with its last checkpoint, never in a permanent <c>running</c>.
/// </summary>
public sealed class TrainingWorker(JobLeases leases, WorkerRegistry registry, WorkerDevices devices, JobAttempt attempts,
    JobFileSweep sweep, JobSignal signal, NativeAllocatorChoice allocator, IOptions<TrainingOptions> options, ILogger<TrainingWorker> logger) : BackgroundService
{
    private static readonly TimeSpan SweepInterval = TimeSpan.FromMinutes(5);
    private readonly ConcurrentDictionary<Guid, (CancellationTokenSource Cancel, string Device)> _running = new();

    /// <summary>This worker's name in the store (lease owner, <c>GET /api/v1/workers</c>).</summary>
    public string Id { get; } = $"{Environment.MachineName}:{Environment.ProcessId}:{Guid.NewGuid():N}";

    /// <summary>Jobs this worker runs now (their training threads included: a job leaves only once its thread has ended).</summary>
    public int RunningCount => _running.Count;

    /// <summary>Whether a job of this worker trains on this libtorch device now (fake CUDA devices train on the CPU).</summary>
    public bool IsTrainingOn(string torchDevice) => _running.Values.Any(r => devices.TorchDevice(r.Device) == torchDevice);

    /// <summary>Stops a job running on this node at its next batch.</summary>
    public void CancelLocal(Guid id)
    {
        if (_running.TryGetValue(id, out var job)) job.Cancel.Cancel();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var o = options.Value;
        if (!o.WorkerEnabled)
        {
            logger.LogInformation("Training worker disabled on this node (Training:WorkerEnabled=false)");
            return;
        }
        logger.LogInformation("Training worker {WorkerId} offers {Devices}{Fake}; native allocator: {Allocator}", Id, string.Join(", ", devices.Offered),
            devices.FakeCuda ? " (fake CUDA devices: Training:FakeCudaDevices, for tests only)" : "", allocator.Description);
        var lease = TimeSpan.FromSeconds(o.LeaseSeconds);
        var heartbeatEvery = TimeSpan.FromSeconds(Math.Max(1, o.LeaseSeconds / 3.0));
        long lastHeartbeat = 0, lastSweep = 0;
        var tasks = new List<Task>();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (lastHeartbeat == 0 || Stopwatch.GetElapsedTime(lastHeartbeat) >= heartbeatEvery)
                {
                    await registry.HeartbeatAsync(Id, devices.Offered, stoppingToken);
                    lastHeartbeat = Stopwatch.GetTimestamp();
                }
                if (lastSweep == 0 || Stopwatch.GetElapsedTime(lastSweep) >= SweepInterval)
                {
                    lastSweep = Stopwatch.GetTimestamp();
                    try { await sweep.RunAsync(stoppingToken); }
                    catch (Exception e) when (e is not OperationCanceledException)
                    {
                        logger.LogWarning(e, "Sweeping orphan files failed; the next sweep retries");
                    }
                }
                tasks.RemoveAll(t => t.IsCompleted);
                while (await ClaimAsync(lease, stoppingToken) is { } started) tasks.Add(started);
                // Wake on a submit/cancel signal, on the poll interval (jobs submitted on other nodes), or when a job ends.
                var wake = signal.WaitAsync(TimeSpan.FromMilliseconds(Math.Min(o.PollMilliseconds, heartbeatEvery.TotalMilliseconds)), stoppingToken);
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
        try { await registry.RetireAsync(Id, CancellationToken.None); }
        catch (Exception e) { logger.LogWarning("Worker {WorkerId} could not leave the registry ({Error}); it drops out when its heartbeat ages", Id, e.Message); }
    }

    /// <summary>Claims one job its free devices can run and starts it; null when none can be claimed.</summary>
    private async Task<Task?> ClaimAsync(TimeSpan lease, CancellationToken stoppingToken)
    {
        var inUse = _running.Values.Select(r => r.Device).ToList();
        var accepted = devices.Accepted(inUse);
        if (accepted.Count == 0) return null;
        var claimStarted = Stopwatch.GetTimestamp();
        if (await leases.TryClaimAsync(Id, lease, accepted, options.Value.MaxAttempts, stoppingToken) is not { } job) return null;
        var device = devices.Assign(job.RequestedDevice, inUse);
        var cancel = new CancellationTokenSource();
        _running[job.Id] = (cancel, device);
        return RunAsync(job, device, claimStarted, cancel, stoppingToken);
    }

    private async Task RunAsync(TrainingJobEntity job, string device, long claimStarted, CancellationTokenSource cancel, CancellationToken stopping)
    {
        await Task.Yield();
        try { await attempts.RunAsync(job, device, Id, claimStarted, cancel, stopping); }
        catch (Exception e) { logger.LogError(e, "Job {JobId}: attempt ended unexpectedly", job.Id); }
        finally
        {
            _running.TryRemove(job.Id, out _);
            cancel.Dispose();
        }
    }
}
