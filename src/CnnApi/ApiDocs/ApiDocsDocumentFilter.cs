using System.Text.RegularExpressions;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace CnnApi.ApiDocs;

/// <summary>Describes the tags, and drops component schemas no operation reaches (left over when a filter replaced a body).</summary>
public sealed partial class ApiDocsDocumentFilter : IDocumentFilter
{
    private static readonly Dictionary<string, string> Tags = new()
    {
        ["Architectures"] = "Keras-exact summaries and comparisons of architectures, and the built-in presets.",
        ["Training jobs"] = "Training on MNIST in a background worker: start, list, follow (Server-Sent Events) and cancel.",
        ["Workers"] = "The training workers sharing the store: their devices, current jobs and heartbeats.",
        ["Models"] = "The models finished jobs left: list, promote to default, download, delete, predict with one.",
        ["Predictions"] = "Classify uploaded digit images with the default model.",
        ["Health"] = "Liveness, readiness and Prometheus metrics.",
    };

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        foreach (var tag in document.Tags ?? new HashSet<OpenApiTag>())
            if (tag.Name is { } name && Tags.TryGetValue(name, out var description)) tag.Description = description;
        if (document.Components?.Schemas is not { } schemas) return;
        while (true)
        {
            var json = document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_0).GetAwaiter().GetResult();
            var used = Reference().Matches(json).Select(m => m.Groups[1].Value).ToHashSet();
            var unused = schemas.Keys.Where(k => !used.Contains(k)).ToList();
            if (unused.Count == 0) return;
            foreach (var name in unused) schemas.Remove(name);
        }
    }

    [GeneratedRegex("\"#/components/schemas/([^\"]+)\"")]
    private static partial Regex Reference();
}
