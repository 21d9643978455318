using Prometheus;

namespace CnnApi.Predictions;

/// <summary>Prometheus metrics of the prediction path.</summary>
public static class PredictionMetrics
{
    private static readonly Histogram BatchSize = Prometheus.Metrics.CreateHistogram(
        "cnnapi_prediction_batch_size", "Images per forward pass.",
        new HistogramConfiguration { Buckets = [1, 2, 4, 8, 16, 32, 64, 128] });

    private static readonly Histogram BatchSeconds = Prometheus.Metrics.CreateHistogram(
        "cnnapi_prediction_batch_seconds", "Time of one forward pass.",
        new HistogramConfiguration { Buckets = Histogram.ExponentialBuckets(0.0001, 2, 14) });

    public static readonly Counter Images = Prometheus.Metrics.CreateCounter("cnnapi_predicted_images_total", "Images classified.");

    public static readonly Counter ModelLoads = Prometheus.Metrics.CreateCounter("cnnapi_model_cache_loads_total", "Models loaded into the prediction cache.");

    public static readonly Counter CacheLookups = Prometheus.Metrics.CreateCounter(
        "cnnapi_model_cache_lookups_total", "Prediction model lookups, by whether the model was already loaded.", "result");

    public static readonly Counter Requests = Prometheus.Metrics.CreateCounter(
        "cnnapi_prediction_requests_total", "Prediction requests by model and outcome (ok, or the HTTP status).", "model", "outcome");

    public static void BatchCompleted(int size, TimeSpan elapsed)
    {
        BatchSize.Observe(size);
        BatchSeconds.Observe(elapsed.TotalSeconds);
    }
}
