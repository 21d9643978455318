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

    /// <summary>
    /// Most pixels one request's images may hold together, by their headers (width × height, summed), checked before
    /// any is decoded (413 above): 64 small files claiming 4096 × 4096 each are refused without work. Default: four
    /// images of the largest side (67,108,864).
    /// </summary>
    [Range(784, long.MaxValue)]
    public long MaxPixelsPerRequest { get; set; } = 4L * 4096 * 4096;

    /// <summary>Requests decoding images at once; 0 means one per core. Others wait <see cref="DecodeWaitMilliseconds"/>.</summary>
    [Range(0, 1024)]
    public int MaxConcurrentDecodes { get; set; }

    /// <summary>
    /// The nice value of the threads that decode uploads (1–19; 0 leaves them at the server's priority). At 10 a flood of
    /// large images still uses every idle cycle, but health probes and small requests get the CPU first (Linux only).
    /// </summary>
    [Range(0, 19)]
    public int DecodeNice { get; set; } = 10;

    /// <summary>How long a request waits for a decoding slot before it is answered 503 with Retry-After.</summary>
    [Range(0, 60_000)]
    public int DecodeWaitMilliseconds { get; set; } = 2000;

    /// <summary>Images waiting in one model's batcher at most; past it a request is answered 503 with Retry-After.</summary>
    [Range(1, 1_000_000)]
    public int MaxQueuedImages { get; set; } = 1024;

    /// <summary>Most images in one request's <c>images</c> field.</summary>
    [Range(1, 4096)]
    public int MaxImages { get; set; } = 64;

    /// <summary>
    /// How long a batch waits for more requests once requests arrive together (2 ms). A request that comes
    /// alone — the previous forward pass also held one image — runs at once; 0 never waits but still batches
    /// what queued during the previous pass. <see cref="MaxBatchSize"/> 1 turns batching off.
    /// </summary>
    [Range(0, 1000)]
    public double BatchWindowMilliseconds { get; set; } = 2;

    /// <summary>Most images in one forward pass; 1 turns batching off.</summary>
    [Range(1, 4096)]
    public int MaxBatchSize { get; set; } = 64;

    /// <summary>Models kept loaded (least recently used leave first).</summary>
    [Range(1, 1000)]
    public int CacheCapacity { get; set; } = 4;

    /// <summary>
    /// libtorch intra-op threads of each model's batcher thread; 0 leaves libtorch's default. One is fastest
    /// for MNIST-sized batches on 2 cores (docs/benchmarks-predictions.md) and leaves the cores to requests.
    /// </summary>
    [Range(0, 256)]
    public int TorchThreads { get; set; } = 1;
}
