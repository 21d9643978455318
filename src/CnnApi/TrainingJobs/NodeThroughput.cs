using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CnnApi.Architectures.Estimates;
using CnnApi.Architectures.Summaries;
using CnnApi.Torch.Training;

namespace CnnApi.TrainingJobs;

/// <summary>
/// This node's measured training speed per torch device (<c>cpu</c>, <c>cuda:0</c>, …): the samples of the calibration
/// benchmark run at start (<see cref="ThroughputCalibrationService"/>) and of the jobs this node's worker finished (their
/// last epoch's images/s, weighing <see cref="JobWeight"/>), the newest <see cref="MaxJobSamples"/> kept, fitted into a <see cref="ThroughputModel"/>.
/// In memory: a restarted node calibrates again.
/// </summary>
public sealed class NodeThroughput
{
    public const int MaxJobSamples = 20;

    /// <summary>A finished job's epoch counts as this many calibration samples: it measured a real workload for longer.</summary>
    public const double JobWeight = 4;

    private sealed class DeviceSamples
    {
        public IReadOnlyList<TimeSample> Calibration = [];
        public readonly Queue<TimeSample> Jobs = new();
        public ThroughputModel? Fitted;
    }

    private readonly ConcurrentDictionary<string, DeviceSamples> _devices = new();

    /// <summary>Where a device's figure comes from: <c>default</c> (not measured yet), <c>calibration</c>, <c>calibration+jobs</c> or <c>jobs</c>.</summary>
    public sealed record Figure(ThroughputModel Model, string Source, int CalibrationSamples, int JobSamples);

    /// <summary>The throughput model for <paramref name="device"/>, or the default when nothing was measured on it.</summary>
    public Figure For(string device)
    {
        if (!_devices.TryGetValue(device, out var d)) return new Figure(ThroughputModel.Default, "default", 0, 0);
        lock (d)
        {
            if (d.Fitted is null) return new Figure(ThroughputModel.Default, "default", 0, 0);
            var source = (d.Calibration.Count > 0, d.Jobs.Count > 0) switch
            {
                (true, true) => "calibration+jobs",
                (true, false) => "calibration",
                _ => "jobs",
            };
            return new Figure(d.Fitted, source, d.Calibration.Count, d.Jobs.Count);
        }
    }

    /// <summary>Replaces the device's calibration samples (the start-up benchmark).</summary>
    public void Calibrated(string device, IReadOnlyList<TimeSample> samples) => Update(device, d => d.Calibration = samples);

    /// <summary>
    /// Adds a finished job's measurement: its last epoch's training images/s at its batch size, to the fitted figure and
    /// as the exact figure of its architecture (<paramref name="architecture"/>: the stored JSON) at that batch size.
    /// </summary>
    public void JobFinished(string device, string architecture, ArchitectureSummary summary, int batchSize, IReadOnlyList<EpochResult> history)
    {
        if (history is not [.., var last] || !(last.ImagesPerSecond > 0) || !double.IsFinite(last.ImagesPerSecond)) return;
        var sample = new TimeSample(CostFeatures.Of(summary, batchSize), 1 / last.ImagesPerSecond, JobWeight);
        Update(device, d =>
        {
            d.Jobs.Enqueue(sample);
            while (d.Jobs.Count > MaxJobSamples) d.Jobs.Dequeue();
        });
        Measured(device, architecture, batchSize, new ExactFigure(1 / last.ImagesPerSecond, "job", DateTimeOffset.UtcNow));
    }

    /// <summary>
    /// What training one image of one architecture at one batch size took on a device, measured rather than fitted:
    /// <see cref="Source"/> is <c>probe</c> (<see cref="ArchitectureProbes"/> timed a few batches) or <c>job</c> (a finished job's last epoch).
    /// </summary>
    /// <param name="SecondsPerImage">Steady seconds per training image.</param>
    /// <param name="Source"><c>probe</c> or <c>job</c>.</param>
    /// <param name="MeasuredAt">When it was measured.</param>
    /// <param name="WarmupSeconds">What a fresh worker's first epoch adds once (kernels built for these shapes), as the probe measured it.</param>
    public sealed record ExactFigure(double SecondsPerImage, string Source, DateTimeOffset MeasuredAt, double WarmupSeconds = 0);

    /// <summary>Exact figures kept per node (least recently measured dropped first).</summary>
    public const int MaxExactFigures = 512;

    private readonly ConcurrentDictionary<string, ExactFigure> _exact = new();

    /// <summary>The exact figure of <paramref name="architecture"/> (stored JSON) at <paramref name="batchSize"/> on <paramref name="device"/>, if measured.</summary>
    public ExactFigure? Exact(string device, string architecture, int batchSize) =>
        _exact.TryGetValue(ExactKey(device, architecture, batchSize), out var figure) ? figure : null;

    /// <summary>Records an exact figure; a job's replaces a probe's (keeping the probe's warm-up), a probe never replaces a job's.</summary>
    public void Measured(string device, string architecture, int batchSize, ExactFigure figure)
    {
        _exact.AddOrUpdate(ExactKey(device, architecture, batchSize), figure,
            (_, old) => old.Source == "job" && figure.Source == "probe" ? old
                : figure.Source == "job" && figure.WarmupSeconds == 0 ? figure with { WarmupSeconds = old.WarmupSeconds } : figure);
        while (_exact.Count > MaxExactFigures && _exact.MinBy(e => e.Value.MeasuredAt) is { Key: var oldest }) _exact.TryRemove(oldest, out _);
    }

    private static string ExactKey(string device, string architecture, int batchSize) =>
        $"{device}|{batchSize}|{Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(architecture)))}";

    private void Update(string device, Action<DeviceSamples> change)
    {
        var d = _devices.GetOrAdd(device, _ => new DeviceSamples());
        lock (d)
        {
            change(d);
            d.Fitted = ThroughputModel.Fit([.. d.Calibration, .. d.Jobs]);
        }
    }
}
