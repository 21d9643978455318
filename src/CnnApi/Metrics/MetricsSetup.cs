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
        app.MapMetrics("/metrics").WithTags("Health");
        return app;
    }
}
