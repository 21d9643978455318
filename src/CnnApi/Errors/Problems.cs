using CnnApi.Architectures.Spec;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CnnApi.Errors;

/// <summary>Small constructors for the ProblemDetails the handlers return as values.</summary>
public static class Problems
{
    public static ProblemHttpResult Status(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    public static ProblemHttpResult NotFound(string what, object id) =>
        Status(StatusCodes.Status404NotFound, $"{what} not found", $"No {what.ToLowerInvariant()} has the id '{id}'.");

    /// <summary>503: the model exists but its weights cannot be loaded (predictions and exports answer this).</summary>
    public static ProblemHttpResult ModelUnusable(Guid id) => Status(StatusCodes.Status503ServiceUnavailable, "Model unusable",
        $"Model {id} exists but its weights cannot be loaded (the file is damaged or incomplete); other models still answer. " +
        "Delete it (DELETE /api/v1/models/{id}) or train it again.");

    public static ProblemHttpResult Conflict(string title, string detail) => Status(StatusCodes.Status409Conflict, title, detail);

    /// <summary>Most errors one answer lists: a body full of mistakes must not make an answer many times its size.</summary>
    public const int MaxErrors = JsonChecks.MaxErrors;

    /// <summary>
    /// A 400 ValidationProblemDetails keyed by JSON path (<c>layers[2].kernelSize</c>): the first <see cref="MaxErrors"/>
    /// errors, paths and messages cut to a readable length, and <c>errorCount</c> with a detail when there were more.
    /// </summary>
    public static ValidationProblem Validation(IEnumerable<(string Path, string Message)> errors)
    {
        var count = 0;
        var listed = new List<(string Path, string Message)>(MaxErrors);
        foreach (var (path, message) in errors)
            if (count++ < MaxErrors) listed.Add((JsonChecks.Shorten(path, 200), JsonChecks.Shorten(message, 500)));
        var byPath = listed.GroupBy(e => e.Path, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal);
        return count <= MaxErrors
            ? TypedResults.ValidationProblem(byPath)
            : TypedResults.ValidationProblem(byPath, detail: $"{count:N0} errors; the first {MaxErrors} are listed.",
                extensions: new Dictionary<string, object?> { ["errorCount"] = count });
    }

    public static ValidationProblem Validation(string path, string message) => Validation([(path, message)]);
}
