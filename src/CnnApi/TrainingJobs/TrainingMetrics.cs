using CnnApi.Torch.Training;
using Prometheus;

namespace CnnApi.TrainingJobs;

/// <summary>Prometheus metrics of the training jobs this node runs, one sample per finished epoch, by device kind.</summary>
public static class TrainingMetrics
{
    private static readonly Histogram EpochSeconds = Prometheus.Metrics.CreateHistogram(
        "cnnapi_training_epoch_seconds", "Wall time of one training epoch (training and validation), by device kind (cpu, cuda).",
        new HistogramConfiguration { LabelNames = ["device"], Buckets = Histogram.ExponentialBuckets(0.25, 2, 14) });

    private static readonly Gauge ImagesPerSecond = Prometheus.Metrics.CreateGauge(
        "cnnapi_training_images_per_second", "Training images per second of the last epoch finished on this node, by device kind.",
        "device");

    private static readonly Counter Epochs = Prometheus.Metrics.CreateCounter(
        "cnnapi_training_epochs_total", "Training epochs finished on this node, by device kind.", "device");

    public static void EpochCompleted(EpochResult epoch, string device)
    {
        var kind = device.Split(':', 2)[0];
        EpochSeconds.WithLabels(kind).Observe(epoch.Seconds);
        ImagesPerSecond.WithLabels(kind).Set(epoch.ImagesPerSecond);
        Epochs.WithLabels(kind).Inc();
    }
}
