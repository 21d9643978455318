using System.ComponentModel.DataAnnotations;

namespace CnnApi.TrainingJobs;

/// <summary>Bound from "Training".</summary>
public sealed class TrainingOptions
{
    /// <summary>False for a node that serves the API but trains nothing (jobs wait for a node that does).</summary>
    public bool WorkerEnabled { get; set; } = true;

    /// <summary>Jobs that run at once on this node.</summary>
    [Range(1, 64)]
    public int MaxConcurrentJobs { get; set; } = 1;

    /// <summary>More queued jobs than this are refused with 429.</summary>
    [Range(1, 1_000_000)]
    public int MaxQueuedJobs { get; set; } = 100;

    /// <summary>How long a worker's claim on a job lasts without renewal; a dead worker's job is taken over after it.</summary>
    [Range(1, 3600)]
    public int LeaseSeconds { get; set; } = 30;

    /// <summary>
    /// Starts a job may have: when the worker of its last allowed attempt stops renewing the lease (its process died),
    /// the job fails with the reason instead of being taken over again. Shutdown suspends do not count against it.
    /// </summary>
    [Range(1, 100)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Jobs that run at once on one GPU.</summary>
    [Range(1, 16)]
    public int JobsPerGpu { get; set; } = 1;

    /// <summary>
    /// Tests only: this many fake CUDA devices are offered (cuda:0…); their jobs train on the CPU. Lets a machine
    /// without a GPU exercise device-aware claims. Never set it in production.
    /// </summary>
    [Range(0, 16)]
    public int FakeCudaDevices { get; set; }

    /// <summary>How long a stopped worker's devices still count as on offer at submission (workers scaled to zero).</summary>
    [Range(0, 100_000)]
    public int WorkerMemoryMinutes { get; set; } = 1440;

    /// <summary>How often an idle worker looks at the store for jobs submitted elsewhere.</summary>
    [Range(50, 60_000)]
    public int PollMilliseconds { get; set; } = 2000;

    /// <summary>
    /// Process-wide, read once at start: keep libtorch's per-batch buffers in glibc's heap (mmap threshold 32 MiB, trim
    /// threshold 64 MiB) instead of faulting them in again every batch; training runs 1.2–1.4× faster. False leaves
    /// glibc's defaults. Either way <c>MALLOC_MMAP_THRESHOLD_</c>, <c>MALLOC_TRIM_THRESHOLD_</c> or <c>GLIBC_TUNABLES</c>,
    /// when set, win.
    /// </summary>
    public bool KeepNativeBuffers { get; set; } = true;

    /// <summary>libtorch intra-op threads of a job's training thread; 0 means one per core.</summary>
    [Range(0, 256)]
    public int TorchThreads { get; set; }

    /// <summary>
    /// Bytes one job may take while it trains (weights, gradients, optimizer state, activations: the estimate's
    /// <c>memory.totalBytes</c>); a job over it is refused at submission. 0 (the default) means half the memory this
    /// process may use: the container's limit, else the machine's RAM (.NET's <c>TotalAvailableMemoryBytes</c>).
    /// </summary>
    [Range(0, long.MaxValue)]
    public long MemoryBudgetBytes { get; set; }

    /// <summary>The budget in force: <see cref="MemoryBudgetBytes"/>, or half the memory available to the process.</summary>
    public long EffectiveMemoryBudgetBytes =>
        MemoryBudgetBytes > 0 ? MemoryBudgetBytes : GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2;

    /// <summary>Run the short throughput benchmark once the host has started (the estimates' time figure); off: the default figure until jobs finish.</summary>
    public bool CalibrateAtStart { get; set; } = true;

    /// <summary>
    /// Time an estimate by training a few batches of the job's own network (<see cref="ArchitectureProbes"/>), once per
    /// architecture, batch size and device; off: the fitted figure of the calibration and finished jobs only.
    /// </summary>
    public bool ProbeEstimates { get; set; } = true;

    /// <summary>A probe the fitted figure expects to take longer than this is not run (the fitted figure answers), nor waited for longer than twice it.</summary>
    [Range(0.1, 3600)]
    public double ProbeMaxSeconds { get; set; } = 20;

    /// <summary>Probes one client (API key, else address) may start per minute; past it, the fitted figure answers.</summary>
    [Range(1, 10_000)]
    public int ProbesPerMinute { get; set; } = 6;
}
