using System.Text.Json;
using System.Text.Json.Serialization;
using CnnApi.Torch.Training;

namespace CnnApi.TrainingJobs;

/// <summary>Where a job is in its life. Serialised lowercase: <c>queued|running|succeeded|failed|cancelled</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<TrainingJobStatus>))]
public enum TrainingJobStatus
{
    [JsonStringEnumMemberName("queued")] Queued,
    [JsonStringEnumMemberName("running")] Running,
    [JsonStringEnumMemberName("succeeded")] Succeeded,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("cancelled")] Cancelled,
}

/// <summary>
/// A training job as the API shows it. <c>Attempts</c> counts starts: above 1, the job resumed after a restart or
/// was taken over from a worker that stopped. <c>Worker</c> is the worker that ran the last attempt;
/// <c>WaitingFor</c> says why a queued job has not started yet. <c>StopReason</c>, once the job has ended, says why its
/// training stopped: <c>completed all 5 epochs</c>, <c>early stopping: val_loss did not improve for 2 epochs</c> (with
/// the epoch whose weights were restored), <c>cancelled</c> or <c>failed</c> (<c>error</c> says why).
/// </summary>
public sealed record TrainingJob(
    Guid Id,
    TrainingJobStatus Status,
    string Name,
    DateTime CreatedAt,
    DateTime? StartedAt,
    DateTime? FinishedAt,
    string? Device,
    JobProgress? Progress,
    IReadOnlyList<EpochResult> History,
    double? TestAccuracy,
    double? TestLoss,
    Guid? ModelId,
    string? Error,
    int Attempts,
    TrainingJobRequest? Request)
{
    public string? Worker { get; init; }
    public string? WaitingFor { get; init; }
    public string? StopReason { get; init; }
}

/// <summary>Where a running job is: 1-based epoch and batch, and the fraction of all batches done.</summary>
public sealed record JobProgress(int Epoch, int Epochs, int Batch, int BatchesPerEpoch, double Fraction);

/// <summary>A page of jobs, newest first.</summary>
public sealed record TrainingJobPage(IReadOnlyList<TrainingJob> Items, int Page, int PageSize, int Total);

internal static class JobJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
