using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace CnnApi.Errors;

/// <summary>
/// Maps the few exceptions that carry a status (too-large bodies, unreadable JSON) to 4xx ProblemDetails;
/// anything else becomes a 500 ProblemDetails with the trace id and no stack trace.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var (status, title, detail) = exception switch
        {
            BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } e =>
                (StatusCodes.Status413PayloadTooLarge, "Request body too large", e.Message),
            BadHttpRequestException { InnerException: JsonException json } =>
                (StatusCodes.Status400BadRequest, "Malformed JSON", json.Message),
            BadHttpRequestException e => (e.StatusCode, "Bad request", e.Message),
            JsonException json => (StatusCodes.Status400BadRequest, "Malformed JSON", json.Message),
            InvalidDataException e when e.Message.Contains("Multipart body length limit", StringComparison.Ordinal) =>
                (StatusCodes.Status413PayloadTooLarge, "Upload too large", e.Message),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested =>
                (499, "Client closed request", "The client went away."),
            _ => (StatusCodes.Status500InternalServerError, "Internal server error",
                "An unexpected error occurred; the trace id identifies it in the server log."),
        };
        if (status >= 500)
            logger.LogError(exception, "Unhandled exception on {Method} {Path}", context.Request.Method, context.Request.Path);

        context.Response.StatusCode = status;
        var problem = (exception as JsonException ?? exception.InnerException as JsonException) is { } jsonError
            // Name the offending field, as validation errors do: {"errors": {"epochs": ["…"]}}.
            ? new HttpValidationProblemDetails(new Dictionary<string, string[]> { [JsonPaths.FromJsonException(jsonError)] = [jsonError.Message] })
            : new ProblemDetails();
        (problem.Status, problem.Title, problem.Detail) = (status, title, detail);
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, Exception = exception, ProblemDetails = problem });
    }
}
