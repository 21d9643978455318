using Microsoft.Extensions.Options;

namespace CnnApi.Predictions;

/// <summary>
/// Bounds the requests decoding images at once (one per core by default): decoding is CPU work on request threads,
/// and a flood of it would starve everything else, health probes included. A request that finds no slot within
/// <see cref="PredictionOptions.DecodeWaitMilliseconds"/> is turned away (503 with Retry-After) rather than queued without end.
/// </summary>
public sealed class DecodeGate(IOptions<PredictionOptions> options) : IDisposable
{
    private readonly SemaphoreSlim _slots = new(Slots(options.Value));

    public static int Slots(PredictionOptions o) => o.MaxConcurrentDecodes > 0 ? o.MaxConcurrentDecodes : Environment.ProcessorCount;

    /// <summary>A slot to release by disposing, or null when none freed up in time.</summary>
    public async Task<IDisposable?> EnterAsync(CancellationToken ct) =>
        await _slots.WaitAsync(options.Value.DecodeWaitMilliseconds, ct) ? new Slot(_slots) : null;

    public void Dispose() => _slots.Dispose();

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) slots.Release();
        }
    }
}
