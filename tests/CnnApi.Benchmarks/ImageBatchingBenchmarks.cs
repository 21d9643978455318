extern alias CnnApiHost;

using BenchmarkDotNet.Attributes;
using CnnApiHost::CnnApi.Predictions.Batching;

namespace CnnApi.Benchmarks;

/// <summary>
/// The DynamicBatcher's own cost: 64 concurrent callers through a batch function that does almost
/// nothing (sums 784 floats per item), so what is measured is queueing, waking and completing.
/// The model's forward pass, where batching pays, is measured with TorchSharp elsewhere.
/// </summary>
[MemoryDiagnoser]
public class ImageBatchingBenchmarks
{
    private const int Callers = 64;
    private readonly float[][] inputs = Enumerable.Range(0, Callers).Select(i => new float[784]).ToArray();
    private DynamicBatcher<float[], float> batcher = null!;

    [Params("no-batching", "window-0", "window-2ms")]
    public string Mode { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var options = Mode switch
        {
            "no-batching" => DynamicBatcherOptions.NoBatching,
            "window-0" => new DynamicBatcherOptions { Window = TimeSpan.Zero },
            _ => DynamicBatcherOptions.Default,
        };
        batcher = new DynamicBatcher<float[], float>(xs => xs.Select(x => x.Sum()).ToArray(), options);
    }

    [GlobalCleanup]
    public void Cleanup() => batcher.Dispose();

    [Benchmark(OperationsPerInvoke = Callers)]
    public Task<float[]> ConcurrentCallers() => Task.WhenAll(inputs.Select(x => batcher.EnqueueAsync(x)));

    [Benchmark]
    public Task<float> LoneCaller() => batcher.EnqueueAsync(inputs[0]);
}
