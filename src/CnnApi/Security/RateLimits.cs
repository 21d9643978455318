using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Threading.RateLimiting;
using CnnApi.Auth;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Prometheus;

namespace CnnApi.Security;

/// <summary>
/// ASP.NET Core's rate limiter, one token bucket per client and policy: the client is its API key when it sends an
/// accepted one, else its remote address (an invalid key cannot buy a fresh bucket). Rejections are 429 ProblemDetails
/// with <c>Retry-After</c>.
/// </summary>
public static class RateLimits
{
    public const string Predictions = "predictions";
    public const string TrainingJobs = "training-jobs";
    public const string Exports = "exports";
    public const string Evaluations = "evaluations";
    public const string Code = "code";

    private static readonly Counter Rejections = Prometheus.Metrics.CreateCounter(
        "cnnapi_rate_limit_rejections_total", "Requests refused with 429 by the per-client rate limits.", "policy");

    public static IServiceCollection AddRateLimits(this IServiceCollection services)
    {
        services.AddRateLimiter(options =>
        {
            options.AddPolicy(Predictions, context => Partition(context, Predictions, o => o.Predictions));
            options.AddPolicy(TrainingJobs, context => Partition(context, TrainingJobs, o => o.TrainingJobs));
            options.AddPolicy(Exports, context => Partition(context, Exports, o => o.Exports));
            options.AddPolicy(Evaluations, context => Partition(context, Evaluations, o => o.Evaluations));
            options.AddPolicy(Code, context => Partition(context, Code, o => o.Code));
            options.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>Puts the endpoint under a policy, and says so in its OpenAPI description.</summary>
    public static RouteHandlerBuilder RateLimited(this RouteHandlerBuilder endpoint, string policy) =>
        endpoint.RequireRateLimiting(policy).ProducesProblem(StatusCodes.Status429TooManyRequests);

    private static RateLimitPartition<string> Partition(HttpContext context, string policy, Func<RateLimitOptions, RateLimitOptions.TokenBucket> pick)
    {
        var options = context.RequestServices.GetRequiredService<IOptions<RateLimitOptions>>().Value;
        if (!options.Enabled) return RateLimitPartition.GetNoLimiter($"{policy}:off");
        var bucket = pick(options);
        return RateLimitPartition.GetTokenBucketLimiter($"{policy}:{Client(context)}", _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = bucket.Burst,
            TokensPerPeriod = bucket.PermitsPerSecond,
            ReplenishmentPeriod = TimeSpan.FromSeconds(1),
            QueueLimit = 0,
            AutoReplenishment = true,
        });
    }

    /// <summary>"key:&lt;hash&gt;" for an accepted API key, else "ip:&lt;address&gt;".</summary>
    public static string Client(HttpContext context)
    {
        var presented = context.Request.Headers[ApiKeys.HeaderName].ToString();
        if (presented.Length > 0 && context.RequestServices.GetRequiredService<ApiKeys>().IsValid(presented))
            return "key:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), 0, 8);
        return "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken ct)
    {
        var http = context.HttpContext;
        var policy = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName ?? "";
        Rejections.WithLabels(policy).Inc();
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? Math.Max(1, (int)Math.Ceiling(after.TotalSeconds)) : 1;
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"This client has used its share of {policy} for now (RateLimits:*); try again in {seconds} s.",
            },
        });
    }
}
