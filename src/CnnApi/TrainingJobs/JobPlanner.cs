using System.Text.Json;
using CnnApi.Architectures;
using CnnApi.Architectures.Presets;
using CnnApi.Architectures.Spec;
using CnnApi.Errors;
using CnnApi.Torch.Devices;
using Microsoft.Extensions.Options;

namespace CnnApi.TrainingJobs;

/// <summary>
/// Turns a request into a queued job row, or into the 400 errors that stop it: field rules, the
/// architecture (valid, 28×28×1 in, 10 outputs for MNIST) and the device this node can offer.
/// </summary>
public sealed class JobPlanner(ICudaProbe cuda, JobStore store, IOptions<ArchitectureOptions> architectures)
{
    public sealed record JobPlan(TrainingJobEntity? Job, IReadOnlyList<(string Path, string Message)> Errors);

    public JobPlan Plan(TrainingJobRequest request)
    {
        var errors = request.ValidateFields().ToList();
        var (architectureJson, name) = ResolveArchitecture(request, errors);
        if (request.Device is { } device && DeviceSelector.Choose(device, cuda) is { Error: { } deviceError })
            errors.Add(("device", deviceError));
        if (errors.Count > 0) return new JobPlan(null, errors);

        var job = new TrainingJobEntity
        {
            Id = Guid.NewGuid(),
            Status = TrainingJobStatus.Queued,
            Name = name,
            CreatedAt = store.Now,
            RequestJson = JsonSerializer.Serialize(
                request.WithDefaults(Random.Shared.Next(1, int.MaxValue)) with { Architecture = architectureJson, Preset = request.Preset },
                JobJson.Options),
        };
        return new JobPlan(job, []);
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
