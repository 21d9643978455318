using System.Text.Json;
using CnnApi.Architectures.Presets;
using CnnApi.Architectures.Spec;
using CnnApi.Errors;
using CnnApi.Architectures.Summaries;
using CnnApi.Torch.Devices;

namespace CnnApi.TrainingJobs;

/// <summary>
/// Turns a request into a queued job row, or into the 400 errors that stop it: field rules, the
/// architecture (valid, 28×28×1 in, 10 outputs for MNIST) and the device this node can offer.
/// </summary>
public sealed class JobPlanner(ICudaProbe cuda, JobStore store)
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
    private static (JsonElement? Json, string Name) ResolveArchitecture(TrainingJobRequest request, List<(string, string)> errors)
    {
        JsonElement json;
        string prefix;
        if (!string.IsNullOrWhiteSpace(request.Preset))
        {
            if (ArchitecturePresets.Find(request.Preset) is not { } preset)
            {
                errors.Add(("preset", $"Unknown preset '{request.Preset}': use one of {string.Join(", ", ArchitecturePresets.All.Select(p => p.Name))}."));
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

        var read = ArchitectureReader.Read(json);
        if (!read.Succeeded)
        {
            errors.AddRange(read.Errors.Select(e => (JsonPaths.Join(prefix, e.Path), e.Message)));
            return (null, "");
        }
        var architecture = read.Architecture!;
        var summary = Summarizer.Summarize(architecture);
        if (!summary.Succeeded)
        {
            errors.AddRange(summary.Errors.Select(e => (JsonPaths.Join(prefix, e.Path), e.Message)));
            return (null, architecture.Name);
        }
        if (architecture.InputShape is not [28, 28, 1])
            errors.Add((JsonPaths.Join(prefix, "inputShape"), $"MNIST images are 28×28×1; this architecture takes [{string.Join(", ", architecture.InputShape)}]."));
        var output = summary.Summary!.Layers is [.., var last] ? last.OutputDims : architecture.InputShape.Select(d => (long)d).ToArray();
        if (output is not [10])
            errors.Add((JsonPaths.Join(prefix, "layers"), $"MNIST has 10 classes: the last layer must output [10], not [{string.Join(", ", output)}]."));
        return (json, architecture.Name);
    }
}
