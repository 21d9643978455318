using System.Diagnostics;
using CnnApi.Architectures.Estimates;
using CnnApi.Architectures.Layers;
using CnnApi.Architectures.Spec;
using CnnApi.Architectures.Summaries;
using CnnApi.Torch.Networks;

namespace CnnApi.Torch.Training;

/// <summary>
/// The short benchmark a node runs at start to learn its training throughput: three small networks chosen to pull
/// the cost model's three features apart (one heavy in MACs, one in element traffic, one in per-batch overhead),
/// each trained for a few batches of synthetic data by <see cref="ThroughputProbe"/>. None is a preset, so the
/// presets' estimates (docs/benchmarks.md) test the model rather than repeat its inputs.
/// </summary>
public static class ThroughputCalibration
{
    private static readonly Size2 One = Size2.Square(1), Two = Size2.Square(2), Three = Size2.Square(3);

    /// <summary>(architecture, batch size, batches per epoch).</summary>
    public static IReadOnlyList<(Architecture Architecture, int BatchSize, int Batches)> Networks { get; } =
    [
        (new Architecture("calibration-macs", [28, 28, 1],
        [
            new Conv2D(16, Three, One, Padding.Valid, ActivationKind.Relu, true, One),
            new Conv2D(48, Three, One, Padding.Valid, ActivationKind.Relu, true, One),
            new Pooling2D(PoolKind.Max, Two, Two, Padding.Valid), new Flatten(), new Dense(10, ActivationKind.Softmax, true),
        ]), 64, 2),
        (new Architecture("calibration-elements", [28, 28, 1],
        [
            new Conv2D(24, One, One, Padding.Valid, ActivationKind.Relu, true, One),
            new Pooling2D(PoolKind.Max, Two, Two, Padding.Valid), new Dropout(0.25), new Flatten(), new Dense(10, ActivationKind.Softmax, true),
        ]), 64, 2),
        (new Architecture("calibration-overhead", [28, 28, 1],
        [
            new Flatten(), new Dense(32, ActivationKind.Relu, true), new Dense(32, ActivationKind.Relu, true), new Dense(10, ActivationKind.Softmax, true),
        ]), 8, 8),
    ];

    /// <summary>Measures every calibration network on <paramref name="device"/> (on this thread, with its libtorch threads).</summary>
    public static IReadOnlyList<TimeSample> Run(string device, CancellationToken cancellationToken = default)
    {
        var samples = new List<TimeSample>();
        foreach (var (architecture, batchSize, batches) in Networks)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var summary = Summarizer.Summarize(architecture).Summary!;
            double seconds = ThroughputProbe.SecondsPerImage(NetworkLayers.From(summary), batchSize, batches, device, cancellationToken);
            samples.Add(new TimeSample(CostFeatures.Of(summary, batchSize), seconds));
        }
        return samples;
    }

    /// <summary><see cref="Run"/> timed: the samples and the wall time the benchmark took.</summary>
    public static (IReadOnlyList<TimeSample> Samples, TimeSpan Elapsed) RunTimed(string device, CancellationToken cancellationToken = default)
    {
        var clock = Stopwatch.StartNew();
        var samples = Run(device, cancellationToken);
        return (samples, clock.Elapsed);
    }
}
