using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace CnnApi.Errors;

/// <summary>
/// Maps the few exceptions that carry a status (too-large bodies, unreadable JSON) to 4xx ProblemDetails, a store that
/// is busy or unreachable (<see cref="Storage.StoreUnavailable"/>) to 503 with Retry-After; anything else becomes a
/// 500 ProblemDetails with the trace id and no stack trace.
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>What a 503 for an unavailable store tells the client to wait: a lock or a restart is usually over by then.</summary>
    private const string StoreRetryAfterSeconds = "2";

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
            _ when Storage.StoreUnavailable.Is(exception) => (StatusCodes.Status503ServiceUnavailable, "Store unavailable",
                "The job store is busy or unreachable for the moment; try again shortly."),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested =>
                (499, "Client closed request", "The client went away."),
            _ => (StatusCodes.Status500InternalServerError, "Internal server error",
                "An unexpected error occurred; the trace id identifies it in the server log."),
        };
        if (status == StatusCodes.Status503ServiceUnavailable)
        {
            logger.LogWarning(exception, "Store unavailable on {Method} {Path}", context.Request.Method, context.Request.Path);
            context.Response.Headers.RetryAfter = StoreRetryAfterSeconds;
        }
        else if (status >= 500)
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
