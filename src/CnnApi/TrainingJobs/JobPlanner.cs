using System.Text.Json;
using CnnApi.Architectures;
using CnnApi.Architectures.Presets;
using CnnApi.Architectures.Spec;
using CnnApi.Errors;
using CnnApi.Workers;
using Microsoft.Extensions.Options;

namespace CnnApi.TrainingJobs;

/// <summary>
/// Turns a request into a queued job row, or into the 400 errors that stop it: field rules, the
/// architecture (valid, 28×28×1 in, 10 outputs for MNIST), a device some worker offers (any node's: this
/// node's own worker, or one registered in the store) and, at submission, memory within the node's budget (<see cref="JobEstimator"/>);
/// with <c>initialModelId</c>, that model (<see cref="InitialModels"/>).
/// </summary>
public sealed class JobPlanner(WorkerDevices localDevices, WorkerRegistry workers, IOptions<TrainingOptions> training,
    IOptions<ArchitectureOptions> architectures, InitialModels initialModels, JobEstimator estimator)
{
    public sealed record JobPlan(TrainingJobEntity? Job, IReadOnlyList<(string Path, string Message)> Errors);

    /// <summary>
    /// The job <paramref name="request"/> makes, or its errors. With <paramref name="checkMemory"/> (submission) a job whose
    /// estimated memory exceeds the node's budget is refused too; the estimate endpoint plans without it and reports <c>fits</c>.
    /// </summary>
    public async Task<JobPlan> PlanAsync(TrainingJobRequest request, CancellationToken ct, bool checkMemory = true)
    {
        var errors = request.ValidateFields().ToList();
        var (architectureJson, name) = ResolveArchitecture(request, errors);
        if (request.InitialModelId is { } parentId)
            (architectureJson, name) = await initialModels.CheckAsync(parentId, architectureJson, name,
                !string.IsNullOrWhiteSpace(request.Preset) || request.Architecture is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined }, errors, ct);
        var device = (request.Device ?? "auto").Trim().ToLowerInvariant();
        if (DeviceError(device) is { } syntax) errors.Add(("device", syntax));
        else if (errors.Count == 0 && await OfferError(device, ct) is { } offer) errors.Add(("device", offer));
        if (errors.Count > 0) return new JobPlan(null, errors);
        var planned = request.WithDefaults(Random.Shared.Next(1, int.MaxValue)) with { Architecture = architectureJson, Preset = request.Preset, Device = device };
        if (checkMemory && estimator.MemoryError(planned, string.IsNullOrWhiteSpace(request.Preset) ? "architecture" : "preset") is { } memory)
            return new JobPlan(null, [memory]);

        var job = new TrainingJobEntity
        {
            Id = Guid.NewGuid(),
            Status = TrainingJobStatus.Queued,
            Name = name,
            RequestedDevice = device,
            RequestJson = JsonSerializer.Serialize(planned, JobJson.Options),
        };
        return new JobPlan(job, []);
    }

    private static string? DeviceError(string device) =>
        device is "auto" or "cpu" or "cuda" || (device.StartsWith("cuda:", StringComparison.Ordinal) && device.Length is > 5 and < 9
            && device[5..].All(char.IsAsciiDigit) && (device[5] != '0' || device.Length == 6))
            ? null : $"'{device}' is not a device: use auto, cpu, cuda or cuda:N.";

    /// <summary>
    /// Every worker runs <c>auto</c> and <c>cpu</c> jobs; a GPU must be offered by this node's worker or by a worker
    /// registered in the store (live, or heard from within <c>Training:WorkerMemoryMinutes</c>).
    /// </summary>
    private async Task<string?> OfferError(string device, CancellationToken ct)
    {
        if (device is "auto" or "cpu") return null;
        var offered = (await workers.RecentDevicesAsync(ct)).Append("cpu").ToHashSet();
        if (training.Value.WorkerEnabled) offered.UnionWith(localDevices.Offered);
        if (WorkerDevices.IsOffered(device, offered)) return null;
        return $"No worker offers {device}: the devices on offer are {string.Join(", ", offered.Order())}.";
    }

    /// <summary>The architecture document to train (a preset's spec or the client's), validated for MNIST.</summary>
    private (JsonElement? Json, string Name) ResolveArchitecture(TrainingJobRequest request, List<(string, string)> errors)
    {
        JsonElement json;
        string prefix;
        var limits = architectures.Value.Limits;
        if (!string.IsNullOrWhiteSpace(request.Preset))
        {
            if (ArchitecturePresets.Find(request.Preset) is not { } preset)
            {
                errors.Add(("preset", ArchitectureDocuments.UnknownPreset(request.Preset)));
                return (null, request.Preset);
            }
            json = JsonSerializer.SerializeToElement(preset.Spec, ArchitectureSpec.JsonOptions);
            prefix = "preset";
        }
        else if (request.Architecture is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } given)
        {
            json = given;
            prefix = "architecture";
        }
        else return (null, "");

        var summary = ArchitectureDocuments.Summarize(json, prefix, limits, errors);
        if (summary is null) return (null, "");
        var input = summary.InputShape[1..].Select(d => d!.Value).ToArray();
        if (input is not [28, 28, 1])
            errors.Add((JsonPaths.Join(prefix, "inputShape"), $"MNIST images are 28×28×1; this architecture takes [{string.Join(", ", input)}]."));
        var output = summary.Layers is [.., var last] ? last.OutputDims : input;
        if (output is not [10])
            errors.Add((JsonPaths.Join(prefix, "layers"), $"MNIST has 10 classes: the last layer must output [10], not [{string.Join(", ", output)}]."));
        return (json, summary.Name);
    }
}
