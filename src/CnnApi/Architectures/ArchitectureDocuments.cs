using System.Text.Json;
using CnnApi.Architectures.Presets;
using CnnApi.Architectures.Spec;
using CnnApi.Architectures.Summaries;
using CnnApi.Errors;

namespace CnnApi.Architectures;

/// <summary>
/// Reading and summarising an architecture document (a spec or Keras JSON) the one way every feature does:
/// the summary endpoints, job submission, and the jobs and models that stored the document.
/// </summary>
public static class ArchitectureDocuments
{
    /// <summary>The summary of a client's document, or null with its errors added under <paramref name="prefix"/>.</summary>
    public static ArchitectureSummary? Summarize(JsonElement json, string prefix, SummaryLimits limits, List<(string, string)> errors)
    {
        var read = ArchitectureReader.Read(json);
        if (read.Succeeded) return Summarize(read.Architecture!, prefix, limits, errors);
        errors.AddRange(read.Errors.Select(e => (JsonPaths.Join(prefix, e.Path), e.Message)));
        return null;
    }

    /// <summary>
    /// The summary of what a client sent as an architecture: a preset name (a JSON string), a spec or a Keras document;
    /// or null with its errors added under <paramref name="prefix"/> (the summary endpoint's body, compare's <c>a</c> and <c>b</c>).
    /// </summary>
    public static ArchitectureSummary? SummarizeDocumentOrPreset(JsonElement json, string prefix, SummaryLimits limits, List<(string, string)> errors)
    {
        if (json.ValueKind != JsonValueKind.String) return Summarize(json, prefix, limits, errors);
        if (ArchitecturePresets.Find(json.GetString()) is { } preset) return Summarize(preset.Architecture, prefix, limits, errors);
        errors.Add((prefix, UnknownPreset(json.GetString())));
        return null;
    }

    /// <summary>The summary of a resolved architecture (a preset), or null with its errors added under <paramref name="prefix"/>.</summary>
    public static ArchitectureSummary? Summarize(Architecture architecture, string prefix, SummaryLimits limits, List<(string, string)> errors)
    {
        var result = Summarizer.Summarize(architecture, limits);
        errors.AddRange(result.Errors.Select(e => (JsonPaths.Join(prefix, e.Path), e.Message)));
        return result.Summary;
    }

    /// <summary>The summary of a document stored with a job or model, which validated when it was submitted.</summary>
    public static ArchitectureSummary SummarizeStored(string json)
    {
        using var document = JsonDocument.Parse(json);
        return SummarizeStored(document.RootElement);
    }

    /// <inheritdoc cref="SummarizeStored(string)"/>
    public static ArchitectureSummary SummarizeStored(JsonElement json)
    {
        var errors = new List<(string Path, string Message)>();
        return Summarize(json, "", SummaryLimits.Default, errors)
            ?? throw new InvalidDataException("The stored architecture no longer validates: " +
                string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}")));
    }

    public static string UnknownPreset(string? name) =>
        $"Unknown preset '{name}': use one of {string.Join(", ", ArchitecturePresets.All.Select(p => p.Name))}.";
}
