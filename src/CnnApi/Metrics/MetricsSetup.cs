using CnnApi.ApiDocs;
using Prometheus;

namespace CnnApi.Metrics;

/// <summary><c>/metrics</c> in Prometheus text format: HTTP metrics, the app's own counters and the job queue.</summary>
public static class MetricsSetup
{
    public static WebApplicationBuilder AddMetrics(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<QueueMetrics>();
        return builder;
    }

    public static WebApplication UseMetrics(this WebApplication app)
    {
        app.UseHttpMetrics();
        return app;
    }

    public static WebApplication MapMetrics(this WebApplication app)
    {
        app.MapGet("/metrics", Export).WithName("GetMetrics").WithTags("Health").WithSummary("Prometheus metrics (text format)")
            .WithDescription("HTTP and prediction metrics, plus the job queue counted in the store at each scrape: "
                + "cnnapi_training_jobs{state=queued|running|succeeded|failed|cancelled}, cnnapi_training_queue_depth, "
                + "cnnapi_training_queue_oldest_seconds and cnnapi_store_up; training speed of this node's jobs: "
                + "cnnapi_training_epoch_seconds, cnnapi_training_images_per_second and cnnapi_training_epochs_total (by device kind).")
            .ProducesContent(StatusCodes.Status200OK, "text/plain", "Prometheus exposition format 0.0.4.");
        return app;
    }

    public static async Task Export(HttpResponse response, QueueMetrics queue, CancellationToken ct)
    {
        response.ContentType = "text/plain; version=0.0.4; charset=utf-8";
        await Prometheus.Metrics.DefaultRegistry.CollectAndExportAsTextAsync(response.Body, ct);
        await queue.ExportAsync(response.Body, ct);
    }
}
