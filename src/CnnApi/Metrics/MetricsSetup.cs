using CnnApi.ApiDocs;
using Prometheus;

namespace CnnApi.Metrics;

/// <summary><c>/metrics</c> in Prometheus text format: HTTP metrics plus the app's own counters.</summary>
public static class MetricsSetup
{
    public static WebApplication UseMetrics(this WebApplication app)
    {
        app.UseHttpMetrics();
        return app;
    }

    public static WebApplication MapMetrics(this WebApplication app)
    {
        app.MapGet("/metrics", Export).WithName("GetMetrics").WithTags("Health").WithSummary("Prometheus metrics (text format)")
            .ProducesContent(StatusCodes.Status200OK, "text/plain", "Prometheus exposition format 0.0.4.");
        return app;
    }

    public static async Task Export(HttpResponse response, CancellationToken ct)
    {
        response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(response.Body, ct);
    }
}
