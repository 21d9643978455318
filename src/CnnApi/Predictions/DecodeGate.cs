using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CnnApi.Predictions;

/// <summary>
/// Bounds the requests decoding images at once (one per core by default) and runs the decoding of large images on
/// this gate's own threads, one per slot, at a lower CPU priority (<see cref="PredictionOptions.DecodeNice"/>).
/// Decoding a large image is hundreds of milliseconds of CPU; on request threads, a flood of it filled the cores and
/// the thread pool's queue filled behind it: a health probe waited over a second (docs/benchmarks-predictions.md,
/// "Liveness under a flood"). On the decode threads the same decodes use every idle cycle, but anything else that
/// needs the CPU (probes, small requests, the model's forward passes) gets it first. Small images (at most
/// <see cref="InlinePixels"/> together) decode on the request's thread as before: they take well under a millisecond,
/// and handing them over cost a quarter of the throughput at 16 connections. A request that finds no slot within
/// <see cref="PredictionOptions.DecodeWaitMilliseconds"/> is turned away (503 with Retry-After) rather than queued without end.
/// </summary>
public sealed class DecodeGate : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly BlockingCollection<Action> _work = new();
    private readonly Thread[] _threads;
    private readonly int _waitMilliseconds;
    private int _lowered;

    public DecodeGate(IOptions<PredictionOptions> options)
    {
        var o = options.Value;
        _waitMilliseconds = o.DecodeWaitMilliseconds;
        var slots = Slots(o);
        _slots = new SemaphoreSlim(slots);
        // A slot holder always finds its thread free: as many threads as slots. They wait on the queue, costing nothing.
        _threads = Enumerable.Range(1, slots).Select(i => new Thread(() => Work(o.DecodeNice))
        {
            IsBackground = true,
            Name = $"decode-{i}",
        }).ToArray();
        foreach (var thread in _threads) thread.Start();
    }

    /// <summary>Requests whose images claim at most this many pixels together (1024 × 1024) decode on their own thread.</summary>
    public const long InlinePixels = 1024 * 1024;

    public static int Slots(PredictionOptions o) => o.MaxConcurrentDecodes > 0 ? o.MaxConcurrentDecodes : Environment.ProcessorCount;

    /// <summary>Runs handed to the decode threads so far (requests with large images), for tests and metrics.</summary>
    public long Offloaded => Interlocked.Read(ref _offloaded);

    private long _offloaded;

    /// <summary>Decode threads whose priority was lowered as configured (0 where the OS refused or it is off).</summary>
    public int LoweredThreads => Volatile.Read(ref _lowered);

    /// <summary>A slot to release by disposing, or null when none freed up in time.</summary>
    public async Task<Slot?> EnterAsync(CancellationToken ct) =>
        await _slots.WaitAsync(_waitMilliseconds, ct) ? new Slot(this) : null;

    public void Dispose()
    {
        _work.CompleteAdding();
        foreach (var thread in _threads) thread.Join(TimeSpan.FromSeconds(5));
        _work.Dispose();
        _slots.Dispose();
    }

    private void Work(int nice)
    {
        if (nice > 0 && ThreadNice.TryLowerCurrentThread(nice)) Interlocked.Increment(ref _lowered);
        foreach (var item in _work.GetConsumingEnumerable()) item();
    }

    /// <summary>One request's turn to decode: <see cref="RunAsync{T}"/> runs its work on a decode thread.</summary>
    public sealed class Slot(DecodeGate gate) : IDisposable
    {
        private int _released;

        /// <summary>
        /// Runs <paramref name="work"/>, the decoding of images that claim <paramref name="pixels"/> together: on one of
        /// the gate's decode threads, or right here when they are small. Its exception, if any, is the task's.
        /// </summary>
        public Task<T> RunAsync<T>(Func<T> work, long pixels)
        {
            if (pixels <= InlinePixels)
            {
                try { return Task.FromResult(work()); }
                catch (Exception e) { return Task.FromException<T>(e); }
            }
            Interlocked.Increment(ref gate._offloaded);
            var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
            gate._work.Add(() =>
            {
                try { done.SetResult(work()); }
                catch (Exception e) { done.SetException(e); }
            });
            return done.Task;
        }

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0) gate._slots.Release();
        }
    }
}
