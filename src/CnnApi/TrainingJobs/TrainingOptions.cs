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

    /// <summary>How often an idle worker looks at the store for jobs submitted elsewhere.</summary>
    [Range(50, 60_000)]
    public int PollMilliseconds { get; set; } = 2000;

    /// <summary>libtorch intra-op threads of a job's training thread; 0 means one per core.</summary>
    [Range(0, 256)]
    public int TorchThreads { get; set; }
}
