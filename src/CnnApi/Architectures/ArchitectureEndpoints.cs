using System.Text.Json;
using CnnApi.ApiDocs;
using CnnApi.Architectures.Presets;
using CnnApi.Architectures.Spec;
using CnnApi.Architectures.Summaries;
using CnnApi.Errors;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CnnApi.Architectures;

/// <summary><c>/api/v1/architectures</c>: Keras-exact summaries, comparisons and presets.</summary>
public static class ArchitectureEndpoints
{
    public static IEndpointRouteBuilder MapArchitectures(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/architectures").WithTags("Architectures");
        group.MapPost("/summary", Summarize).WithName("SummarizeArchitecture")
            .WithSummary("Summarise an architecture as Keras's model.summary() would")
            .WithDescription("Body: a CnnApi spec, a Keras `model.to_json()` document or a preset name (a JSON string such as `\"seed-valid\"`). `Accept: text/plain` returns the Keras-style table.")
            .Accepts<ArchitectureDocument>("application/json")
            .Produces<ArchitectureSummary>()
            .ProducesContent(StatusCodes.Status200OK, "text/plain", "The summary: JSON, or Keras's table when `Accept` ranks text/plain first.", typeof(string))
            .ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithRequestExample(ArchitectureExamples.SeedValid);
        group.MapPost("/compare", Compare).WithName("CompareArchitectures").WithSummary("Compare two architectures layer by layer")
            .WithDescription("`a` and `b` are each a spec, a Keras document or a preset name. Differences are B − A.")
            .Accepts<CompareRequest>("application/json")
            .Produces<ArchitectureComparison>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithRequestExample(ArchitectureExamples.CompareSeeds);
        group.MapArchitectureCode();
        group.MapGet("/presets", ListPresets).WithName("ListArchitecturePresets")
            .WithSummary("Built-in architectures, including the seed notebook's two models")
            .WithDescription("A preset may carry `recommendedTraining`: a training job request without the architecture that trains it well " +
                "(mnist-bn: augmentation, a cosine learning-rate schedule and early stopping, ≥ 99.5 % test accuracy; docs/benchmarks.md). " +
                "Submit it to POST /api/v1/training-jobs as is, with `\"preset\": name` added.");
        return app;
    }

    public static async Task<IResult> Summarize(HttpRequest request, IOptions<ArchitectureOptions> options, CancellationToken ct)
    {
        var body = await RequestBody.ReadJsonAsync(request, options.Value.MaxBodyBytes, ct);
        if (body.Problem is { } problem) return problem;
        var errors = new List<(string, string)>();
        var summary = ArchitectureDocuments.SummarizeDocumentOrPreset(body.Json, "", options.Value.Limits, errors);
        if (summary is null) return Problems.Validation(errors);
        return WantsText(request) ? TypedResults.Text(summary.Text, "text/plain; charset=utf-8") : TypedResults.Ok(summary);
    }

    public static async Task<IResult> Compare(HttpRequest request, IOptions<ArchitectureOptions> options, CancellationToken ct)
    {
        var body = await RequestBody.ReadJsonAsync(request, options.Value.MaxBodyBytes, ct);
        if (body.Problem is { } problem) return problem;
        var errors = new List<(string, string)>();
        if (body.Json.ValueKind != JsonValueKind.Object)
            return Problems.Validation("", "Send an object {\"a\": …, \"b\": …}.");
        foreach (var property in body.Json.EnumerateObject().Where(p => p.Name is not ("a" or "b")))
            errors.Add((property.Name, "Unknown property: only 'a' and 'b' are read."));
        var a = Side(body.Json, "a", options.Value, errors);
        var b = Side(body.Json, "b", options.Value, errors);
        if (errors.Count > 0 || a is null || b is null) return Problems.Validation(errors);
        return TypedResults.Ok(ArchitectureComparer.Compare(a, b));
    }

    public static Ok<IReadOnlyList<Preset>> ListPresets() => TypedResults.Ok(ArchitecturePresets.All);

    private static ArchitectureSummary? Side(JsonElement body, string name, ArchitectureOptions options, List<(string, string)> errors)
    {
        if (!body.TryGetProperty(name, out var side))
        {
            errors.Add((name, "Required: a spec, a Keras document or a preset name."));
            return null;
        }
        return ArchitectureDocuments.SummarizeDocumentOrPreset(side, name, options.Limits, errors);
    }

    /// <summary>Text when the client ranks text/plain above JSON; no Accept header, or a tie, means JSON.</summary>
    private static bool WantsText(HttpRequest request)
    {
        var accept = request.GetTypedHeaders().Accept;
        // q=0 means "not acceptable" (RFC 9110 §12.4.2), so it counts as absent rather than as a low preference.
        double Quality(params string[] types) => accept
            .Where(a => types.Contains(a.MediaType.Value, StringComparer.OrdinalIgnoreCase))
            .Select(a => a.Quality ?? 1).Where(q => q > 0).DefaultIfEmpty(-1).Max();
        return Quality("text/plain", "text/*") > Quality("application/json", "application/*", "*/*");
    }
}
