using System.ComponentModel.DataAnnotations;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;

namespace CnnApi.TrainingJobs;

/// <summary>Bound from "EventStreams": how many job event streams may be open, and for how long each.</summary>
public sealed class EventStreamOptions
{
    /// <summary>Streams open at once on this node (each polls the store once a second); past it, 503 with Retry-After.</summary>
    [Range(1, 100_000)]
    public int MaxConcurrent { get; set; } = 100;

    /// <summary>A stream ends after this long; browsers' EventSource reconnects with Last-Event-ID and loses nothing.</summary>
    [Range(1, 86_400)]
    public int MaxLifetimeSeconds { get; set; } = 1800;
}

/// <summary>Counts open event streams and ends each after its lifetime.</summary>
public sealed class EventStreamGate(IOptions<EventStreamOptions> options)
{
    private int _open;

    public int Open => Volatile.Read(ref _open);

    /// <summary>A slot for one stream, released when the request ends; null when all are taken.</summary>
    public IDisposable? TryEnter(HttpContext context)
    {
        if (Interlocked.Increment(ref _open) > options.Value.MaxConcurrent)
        {
            Interlocked.Decrement(ref _open);
            return null;
        }
        var slot = new Slot(this);
        context.Response.RegisterForDispose(slot);
        return slot;
    }

    /// <summary>The events of <paramref name="source"/> until it ends, the client leaves or the lifetime is over.</summary>
    public async IAsyncEnumerable<T> Bounded<T>(IAsyncEnumerable<T> source, [EnumeratorCancellation] CancellationToken ct)
    {
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(ct);
        lifetime.CancelAfter(TimeSpan.FromSeconds(options.Value.MaxLifetimeSeconds));
        await using var events = source.WithCancellation(lifetime.Token).GetAsyncEnumerator();
        while (true)
        {
            try
            {
                if (!await events.MoveNextAsync()) yield break;
            }
            catch (OperationCanceledException) when (lifetime.IsCancellationRequested && !ct.IsCancellationRequested)
            {
                yield break;
            }
            yield return events.Current;
        }
    }

    private sealed class Slot(EventStreamGate gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) Interlocked.Decrement(ref gate._open);
        }
    }
}
