using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace CnnApi.Errors;

/// <summary>Small constructors for the ProblemDetails the handlers return as values.</summary>
public static class Problems
{
    public static ProblemHttpResult Status(int status, string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: status, title: title);

    public static NotFound<ProblemDetails> NotFound(string what, object id) =>
        TypedResults.NotFound(new ProblemDetails
        {
            Status = StatusCodes.Status404NotFound, Title = $"{what} not found", Detail = $"No {what.ToLowerInvariant()} has the id '{id}'.",
        });

    public static Conflict<ProblemDetails> Conflict(string title, string detail) =>
        TypedResults.Conflict(new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = title, Detail = detail });

    /// <summary>A 400 ValidationProblemDetails keyed by JSON path (<c>layers[2].kernelSize</c>).</summary>
    public static ValidationProblem Validation(IEnumerable<(string Path, string Message)> errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Path, StringComparer.Ordinal)
                  .ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray(), StringComparer.Ordinal));

    public static ValidationProblem Validation(string path, string message) => Validation([(path, message)]);
}
