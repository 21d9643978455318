namespace CnnApi.Predictions.Batching;

/// <summary>How long and how many requests a <see cref="DynamicBatcher{TIn, TOut}"/> gathers into one call.</summary>
public sealed record DynamicBatcherOptions
{
    /// <summary>The defaults: wait at most 2 ms for company, at most 64 items per call.</summary>
    public static DynamicBatcherOptions Default { get; } = new();

    /// <summary>Every request alone, as soon as it arrives: the baseline to compare batching with.</summary>
    public static DynamicBatcherOptions NoBatching { get; } = new() { Window = TimeSpan.Zero, MaxBatchSize = 1 };

    /// <summary>
    /// The longest a request waits, counted from its arrival, for others to join it — when the previous
    /// batch had more than one request; otherwise it runs at once. Zero takes only what is already queued.
    /// </summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMilliseconds(2);

    /// <summary>The most items passed to one call of the batch function.</summary>
    public int MaxBatchSize { get; init; } = 64;

    /// <summary>Items waiting at most; past it <see cref="DynamicBatcher{TIn, TOut}.EnqueueAsync"/> fails with <see cref="BatcherFullException"/>.</summary>
    public int MaxQueued { get; init; } = int.MaxValue;

    /// <summary>Name of the dedicated thread (shows in dumps and profilers).</summary>
    public string ThreadName { get; init; } = "dynamic-batcher";

    /// <summary>Called on the batch thread after each batch with its size and run time (for metrics); must not throw.</summary>
    public Action<int, TimeSpan>? BatchCompleted { get; init; }
}

/// <summary>The batcher already holds <see cref="DynamicBatcherOptions.MaxQueued"/> items: the caller should shed load.</summary>
public sealed class BatcherFullException(int limit) : Exception($"{limit} items are already waiting.")
{
    public int Limit { get; } = limit;
}
