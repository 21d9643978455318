namespace CnnApi.Workers;

/// <summary>
/// A worker process's row: registered when it starts, its heartbeat renewed while it runs. Live while the
/// heartbeat is younger than the lease (<c>Training:LeaseSeconds</c>).
/// </summary>
public sealed class WorkerEntity
{
    /// <summary>The lease owner name it claims jobs with (<c>host:pid:random</c>).</summary>
    public string Id { get; set; } = "";
    public string Host { get; set; } = "";
    /// <summary>Devices it offers, comma-separated (<c>cpu,cuda:0</c>).</summary>
    public string Devices { get; set; } = "cpu";
    public DateTime StartedAt { get; set; }
    public DateTime HeartbeatAt { get; set; }
}
