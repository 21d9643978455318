using CnnApi.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CnnApi.Health;

/// <summary><c>/health/live</c> (the process answers) and <c>/health/ready</c> (store reachable, default model loadable if any).</summary>
public static class HealthSetup
{
    public static WebApplicationBuilder AddHealth(this WebApplicationBuilder builder)
    {
        builder.Services.AddHealthChecks()
            .AddDbContextCheck<CnnApiDb>("store", tags: ["ready"])
            .AddCheck<DefaultModelHealthCheck>("default-model", tags: ["ready"]);
        return builder;
    }

    public static WebApplication MapHealth(this WebApplication app)
    {
        var group = app.MapGroup("/health").WithTags("Health");
        group.MapGet("/live", Live).WithName("GetLiveness").WithSummary("Liveness: the process answers");
        group.MapGet("/ready", Ready).WithName("GetReadiness")
            .WithSummary("Readiness: the store is reachable and the default model (if any) is loaded")
            .WithDescription("200 with each check's status, or 503 when one fails.")
            .Produces<HealthReport>(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    public static Ok<HealthReport> Live() => TypedResults.Ok(new HealthReport("Healthy", []));

    public static async Task<Results<Ok<HealthReport>, JsonHttpResult<HealthReport>>> Ready(HealthCheckService health, CancellationToken ct)
    {
        var report = await health.CheckHealthAsync(check => check.Tags.Contains("ready"), ct);
        var body = new HealthReport(report.Status.ToString(),
            report.Entries.Select(e => new HealthCheckEntry(e.Key, e.Value.Status.ToString(), e.Value.Description)).ToList());
        return report.Status == HealthStatus.Unhealthy
            ? TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(body);
    }
}

/// <summary>The overall status (<c>Healthy</c>, <c>Degraded</c>, <c>Unhealthy</c>) and each check's.</summary>
public sealed record HealthReport(string Status, IReadOnlyList<HealthCheckEntry> Checks);

/// <summary>One check: <c>store</c> or <c>default-model</c>.</summary>
public sealed record HealthCheckEntry(string Name, string Status, string? Description);
