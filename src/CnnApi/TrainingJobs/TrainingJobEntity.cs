namespace CnnApi.TrainingJobs;

/// <summary>A job's row in the store. The store is the queue: the worker claims queued rows with a lease.</summary>
public sealed class TrainingJobEntity
{
    public Guid Id { get; set; }
    public TrainingJobStatus Status { get; set; }
    public string Name { get; set; } = "";
    /// <summary>The request with defaults applied, as JSON (it holds the architecture document).</summary>
    public string RequestJson { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? StartedAt { get; set; }
    public DateTime? FinishedAt { get; set; }
    /// <summary>The device the request asks for (<c>auto</c>, <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>): only a worker offering it claims the job.</summary>
    public string RequestedDevice { get; set; } = "auto";
    /// <summary>The device the job runs (or ran) on.</summary>
    public string? Device { get; set; }
    public int ProgressEpoch { get; set; }
    public int ProgressEpochs { get; set; }
    public int ProgressBatch { get; set; }
    public int ProgressBatchesPerEpoch { get; set; }
    public string HistoryJson { get; set; } = "[]";
    public double? TestAccuracy { get; set; }
    public double? TestLoss { get; set; }
    public Guid? ModelId { get; set; }
    public string? Error { get; set; }
    public bool CancelRequested { get; set; }
    /// <summary>The worker holding the job; its lease must be renewed or another worker may take the job over.</summary>
    public string? LeaseOwner { get; set; }
    public DateTime? LeaseExpiresAt { get; set; }
    /// <summary>The worker that ran the job's last attempt (kept when the job ends).</summary>
    public string? Worker { get; set; }
    /// <summary>How many times a worker has started (or resumed) the job.</summary>
    public int Attempts { get; set; }
    /// <summary>Why a succeeded job's training stopped (<c>completed all 5 epochs</c>, <c>early stopping: …</c>), from the trainer.</summary>
    public string? StopReason { get; set; }
}
