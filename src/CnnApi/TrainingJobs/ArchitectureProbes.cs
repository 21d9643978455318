using System.Threading.RateLimiting;
using CnnApi.Architectures.Summaries;
using CnnApi.Torch.Devices;
using CnnApi.Torch.Networks;
using CnnApi.Torch.Training;
using Microsoft.Extensions.Options;
using Prometheus;

namespace CnnApi.TrainingJobs;

/// <summary>
/// Times a few training batches of an estimate's own network (<see cref="ThroughputProbe.ForJob"/>: four epochs of at
/// least two batches and 1,024 images at the job's batch size, the first untimed, the median of the others counting), because cost per multiply-accumulate differs by an order of magnitude between
/// networks (kernel sizes, channel counts, activations) and no fitted figure spans that. The result is kept in
/// <see cref="NodeThroughput"/> per device, architecture and batch size, so each is probed once; a finished job's
/// measurement replaces it. Bounded, since the estimate needs no key: one probe at a time on a thread of its own (a
/// request finding one running waits for it up to <see cref="TrainingOptions.ProbeMaxSeconds"/>), none whose fitted time
/// exceeds that, and <see cref="TrainingOptions.ProbesPerMinute"/> per client. None while a job of this node trains on the
/// device: the probe would slow the job, take memory beside the job's budget, and time the two sharing the device rather
/// than the network (a figure that would then be kept). When no probe runs, the answer says why.
/// </summary>
public sealed class ArchitectureProbes(NodeThroughput throughput, TrainingWorker worker, IOptions<TrainingOptions> options,
    ILogger<ArchitectureProbes> logger) : IDisposable
{
    private static readonly Counter Outcomes = Prometheus.Metrics.CreateCounter(
        "cnnapi_estimate_probes_total", "Estimate probes by outcome: run, cached, failed, or skipped (busy, training, rate, slow, off).", "outcome");

    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly PartitionedRateLimiter<string> _perClient = PartitionedRateLimiter.Create<string, string>(client =>
        RateLimitPartition.GetTokenBucketLimiter(client, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = options.Value.ProbesPerMinute,
            TokensPerPeriod = options.Value.ProbesPerMinute,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));

    /// <summary>Probes run to the end on this node (for tests and the metrics).</summary>
    public int Runs => _runs;
    private int _runs;

    /// <summary>The measured figure, or null and the reason none is given.</summary>
    public sealed record Result(NodeThroughput.ExactFigure? Figure, string? SkippedBecause);

    /// <summary>
    /// The exact figure of <paramref name="architecture"/> (stored JSON, summarised as <paramref name="summary"/>) at <paramref name="batchSize"/> on
    /// <paramref name="device"/>: the kept one, else a new probe's when the limits allow; <paramref name="fittedProbeSeconds"/>
    /// is what the fitted figure expects the probe to take.
    /// </summary>
    public async Task<Result> GetAsync(string device, string architecture, ArchitectureSummary summary, int batchSize, string client, double fittedProbeSeconds,
        CancellationToken ct)
    {
        if (throughput.Exact(device, architecture, batchSize) is { } kept) { Outcomes.WithLabels("cached").Inc(); return new(kept, null); }
        var o = options.Value;
        if (!o.ProbeEstimates) return Skipped("off", "probes are off on this node (Training:ProbeEstimates)");
        if (fittedProbeSeconds > o.ProbeMaxSeconds)
            return Skipped("slow", $"timing this network would take about {fittedProbeSeconds:0} s, over Training:ProbeMaxSeconds ({o.ProbeMaxSeconds:0.#} s)");
        if (worker.IsTrainingOn(device)) return TrainingNow(device);
        var wait = TimeSpan.FromSeconds(o.ProbeMaxSeconds);
        if (!await _gate.WaitAsync(wait, ct)) return Skipped("busy", "another estimate's probe was running");
        bool released = false;
        try
        {
            // Another request may have probed the same network while this one waited.
            if (throughput.Exact(device, architecture, batchSize) is { } meanwhile) { Outcomes.WithLabels("cached").Inc(); return new(meanwhile, null); }
            if (worker.IsTrainingOn(device)) return TrainingNow(device);  // a job may have started while this request waited
            using var lease = _perClient.AttemptAcquire(client);
            if (!lease.IsAcquired) return Skipped("rate", $"this client has started its {o.ProbesPerMinute} probes this minute (Training:ProbesPerMinute)");
            // The probe's thread holds the gate until it has stopped, even when this request stops waiting for it.
            var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
            var probe = RunOnOwnThread(device, architecture, summary, batchSize, stop);
            released = true;
            NodeThroughput.ExactFigure figure;
            try { figure = await probe.WaitAsync(2 * wait, ct); }
            catch (TimeoutException)
            {
                await stop.CancelAsync();  // the thread stops after its current batch (stop is left to the collector: it may still read it)
                return Skipped("slow", $"the probe did not finish within {2 * o.ProbeMaxSeconds:0.#} s (twice Training:ProbeMaxSeconds)");
            }
            stop.Dispose();
            Interlocked.Increment(ref _runs);
            Outcomes.WithLabels("run").Inc();
            return new(figure, null);
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            logger.LogWarning(e, "An estimate's probe failed on {Device}; the fitted figure answers", device);
            Outcomes.WithLabels("failed").Inc();
            return new(null, "the probe failed on this node (see its log)");
        }
        finally
        {
            if (!released) _gate.Release();
        }
    }

    private static Result TrainingNow(string device) =>
        Skipped("training", $"a training job is running on {device} on this node: a probe now would slow it and time the two together");

    private static Result Skipped(string outcome, string because)
    {
        Outcomes.WithLabels("skipped_" + outcome).Inc();
        return new(null, because);
    }

    /// <summary>
    /// libtorch work stays off the request threads: a thread of its own with the training thread count, like a job's.
    /// It records the figure and then releases the gate, so a request that was waiting for the gate finds the figure.
    /// </summary>
    private Task<NodeThroughput.ExactFigure> RunOnOwnThread(string device, string architecture, ArchitectureSummary summary, int batchSize,
        CancellationTokenSource stop)
    {
        var done = new TaskCompletionSource<NodeThroughput.ExactFigure>(TaskCreationOptions.RunContinuationsAsynchronously);
        var thread = new Thread(() =>
        {
            try
            {
                var o = options.Value;
                TorchThreads.Set(o.TorchThreads > 0 ? o.TorchThreads : Environment.ProcessorCount);
                var layers = NetworkLayers.From(summary);
                var measured = ThroughputProbe.ForJob(layers, batchSize, device, stop.Token);
                var figure = new NodeThroughput.ExactFigure(measured.SecondsPerImage, "probe", DateTimeOffset.UtcNow, measured.WarmupSeconds);
                throughput.Measured(device, architecture, batchSize, figure);
                done.TrySetResult(figure);
            }
            catch (Exception e) { done.TrySetException(e); }
            finally { _gate.Release(); }
        }) { IsBackground = true, Name = "estimate-probe" };
        thread.Start();
        return done.Task;
    }

    /// <summary>The gate is not disposed: a probe's thread may still release it.</summary>
    public void Dispose() => _perClient.Dispose();
}
