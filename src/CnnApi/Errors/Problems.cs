using Microsoft.AspNetCore.Http.HttpResults;

namespace CnnApi.Errors;

/// <summary>Small constructors for the ProblemDetails the handlers return as values.</summary>
public static class Problems
{
    public static ProblemHttpResult Status(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    public static ProblemHttpResult NotFound(string what, object id) =>
        Status(StatusCodes.Status404NotFound, $"{what} not found", $"No {what.ToLowerInvariant()} has the id '{id}'.");

    public static ProblemHttpResult Conflict(string title, string detail) => Status(StatusCodes.Status409Conflict, title, detail);

    /// <summary>A 400 ValidationProblemDetails keyed by JSON path (<c>layers[2].kernelSize</c>).</summary>
    public static ValidationProblem Validation(IEnumerable<(string Path, string Message)> errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Path, StringComparer.Ordinal)
                  .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal));

    public static ValidationProblem Validation(string path, string message) => Validation([(path, message)]);
}
