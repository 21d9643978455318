using System.ComponentModel.DataAnnotations;

namespace CnnApi.Predictions;

/// <summary>Bound from "Predictions": upload limits, dynamic batching and the model cache.</summary>
public sealed class PredictionOptions
{
    /// <summary>Largest accepted image file, in bytes (413 above).</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public long MaxImageBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Widest and tallest accepted image, in pixels, read from the header before decoding (413 above).</summary>
    [Range(28, 65_535)]
    public int MaxImageSide { get; set; } = 4096;

    /// <summary>Most images in one request's <c>images</c> field.</summary>
    [Range(1, 4096)]
    public int MaxImages { get; set; } = 64;

    /// <summary>
    /// How long a request waits for others to share its forward pass. 0 (the default) adds no wait but
    /// still batches the requests that queued up during the previous pass: measured, that keeps batching's
    /// throughput under load and a lone request's latency (docs/benchmarks-predictions.md).
    /// </summary>
    [Range(0, 1000)]
    public double BatchWindowMilliseconds { get; set; }

    /// <summary>Most images in one forward pass; 1 turns batching off.</summary>
    [Range(1, 4096)]
    public int MaxBatchSize { get; set; } = 64;

    /// <summary>Models kept loaded (least recently used leave first).</summary>
    [Range(1, 1000)]
    public int CacheCapacity { get; set; } = 4;

    /// <summary>libtorch intra-op threads set at start for serving; 0 leaves libtorch's default.</summary>
    [Range(0, 256)]
    public int TorchThreads { get; set; }
}
