using System.Collections.Concurrent;
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

    /// <summary>Adds a finished job's measurement: its last epoch's training images/s at its batch size.</summary>
    public void JobFinished(string device, ArchitectureSummary summary, int batchSize, IReadOnlyList<EpochResult> history)
    {
        if (history is not [.., var last] || !(last.ImagesPerSecond > 0) || !double.IsFinite(last.ImagesPerSecond)) return;
        var sample = new TimeSample(CostFeatures.Of(summary, batchSize), 1 / last.ImagesPerSecond, JobWeight);
        Update(device, d =>
        {
            d.Jobs.Enqueue(sample);
            while (d.Jobs.Count > MaxJobSamples) d.Jobs.Dequeue();
        });
    }

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
