namespace CnnApi.Errors;

/// <summary>A ProblemDetails answer (503, 429) that tells the client when to try again in <c>Retry-After</c>.</summary>
public sealed class RetryAfter(IResult problem, int seconds) : IResult, IStatusCodeHttpResult
{
    public static IResult Unavailable(string title, string detail, int seconds = 1) =>
        new RetryAfter(Problems.Status(StatusCodes.Status503ServiceUnavailable, title, detail), seconds);

    public int Seconds => seconds;

    public int? StatusCode => (problem as IStatusCodeHttpResult)?.StatusCode;

    public Task ExecuteAsync(HttpContext context)
    {
        context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return problem.ExecuteAsync(context);
    }
}
