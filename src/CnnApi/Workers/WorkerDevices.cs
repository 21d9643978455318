using CnnApi.Torch.Devices;
using CnnApi.TrainingJobs;
using Microsoft.Extensions.Options;

namespace CnnApi.Workers;

/// <summary>
/// The devices this node's worker offers (<c>cpu</c> and one <c>cuda:N</c> per GPU the probe reports) and which
/// of them are free: a GPU runs <c>Training:JobsPerGpu</c> jobs (1), the CPU <c>Training:MaxConcurrentJobs</c>.
/// <c>Training:FakeCudaDevices</c> (tests only) makes a CPU machine offer that many fake GPUs, whose jobs train on the CPU.
/// </summary>
public sealed class WorkerDevices(ICudaProbe probe, IOptions<TrainingOptions> options)
{
    private readonly Lazy<IReadOnlyList<string>> _gpus = new(() =>
    {
        var count = options.Value.FakeCudaDevices > 0 ? options.Value.FakeCudaDevices : probe.IsAvailable ? probe.DeviceCount : 0;
        return Enumerable.Range(0, count).Select(i => $"cuda:{i}").ToList();
    });

    public bool FakeCuda => options.Value.FakeCudaDevices > 0;
    public IReadOnlyList<string> Gpus => _gpus.Value;
    public IReadOnlyList<string> Offered => ["cpu", .. Gpus];

    /// <summary>The requested-device values a job may have for this worker to claim it, given the devices in use.</summary>
    public IReadOnlyList<string> Accepted(IReadOnlyCollection<string> inUse)
    {
        var accepted = new List<string>();
        var freeGpus = Gpus.Where(g => inUse.Count(d => d == g) < options.Value.JobsPerGpu).ToList();
        if (freeGpus.Count > 0) accepted.AddRange(["auto", "cuda", .. freeGpus]);
        if (inUse.Count(d => d == "cpu") < options.Value.MaxConcurrentJobs) accepted.AddRange(accepted.Contains("auto") ? ["cpu"] : ["auto", "cpu"]);
        return accepted;
    }

    /// <summary>The device a claimed job runs on: the GPU it names, a free GPU for <c>cuda</c> or <c>auto</c>, else the CPU.</summary>
    public string Assign(string requested, IReadOnlyCollection<string> inUse)
    {
        var free = Gpus.FirstOrDefault(g => inUse.Count(d => d == g) < options.Value.JobsPerGpu);
        return requested switch
        {
            "cpu" => "cpu",
            "cuda" or "auto" when free is not null => free,
            "auto" => "cpu",
            _ => requested.StartsWith("cuda:", StringComparison.Ordinal) ? requested : free ?? "cpu",
        };
    }

    /// <summary>What torch trains on for an assigned device: the device itself, or the CPU for a fake GPU.</summary>
    public string TorchDevice(string assigned) => FakeCuda && assigned.StartsWith("cuda", StringComparison.Ordinal) ? "cpu" : assigned;

    /// <summary>Whether a request's device (<c>auto</c>, <c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>) is among <paramref name="offered"/>.</summary>
    public static bool IsOffered(string requested, IEnumerable<string> offered) => requested switch
    {
        "auto" => true,
        "cuda" => offered.Any(d => d.StartsWith("cuda:", StringComparison.Ordinal)),
        _ => offered.Contains(requested),
    };
}
