using System.Diagnostics;
using System.Threading.Channels;

namespace CnnApi.Predictions.Batching;

/// <summary>
/// Gathers concurrent single-item requests into batches for a synchronous batch function (a
/// TorchSharp forward pass costs nearly the same for 1 image as for 64), run on one dedicated
/// thread. A batch closes when it is full or when its oldest request has waited
/// <see cref="DynamicBatcherOptions.Window"/> — a window waited only when the previous batch held more
/// than one request, so a lone client pays no wait; requests queued during the previous batch go at once. Each caller awaits its own result; a failing batch fails only its callers.
/// Disposal stops intake, runs what is queued, then ends the thread.
/// </summary>
public sealed class DynamicBatcher<TIn, TOut> : IDisposable, IAsyncDisposable
{
    private readonly Func<IReadOnlyList<TIn>, TOut[]> batchFunction;
    private readonly DynamicBatcherOptions options;
    private readonly Channel<Request> queue = Channel.CreateUnbounded<Request>();
    private readonly Thread thread;
    private readonly TaskCompletionSource stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long windowTicks;
    private int queued;

    /// <summary>Starts the batch thread.</summary>
    /// <param name="batchFunction">Maps n inputs to n outputs, in the same order.</param>
    /// <param name="options">Window and size; <see cref="DynamicBatcherOptions.Default"/> when null.</param>
    public DynamicBatcher(Func<IReadOnlyList<TIn>, TOut[]> batchFunction, DynamicBatcherOptions? options = null)
    {
        this.batchFunction = batchFunction ?? throw new ArgumentNullException(nameof(batchFunction));
        this.options = options ?? DynamicBatcherOptions.Default;
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.MaxBatchSize, 1, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(this.options.Window, TimeSpan.Zero, nameof(options));
        windowTicks = (long)(this.options.Window.TotalSeconds * Stopwatch.Frequency);
        thread = new Thread(Run) { IsBackground = true, Name = this.options.ThreadName };
        thread.Start();
    }

    /// <summary>Items waiting for a batch.</summary>
    public int Queued => Volatile.Read(ref queued);

    /// <summary>Queues one input; completes with its output, the batch's exception, or cancellation.</summary>
    public Task<TOut> EnqueueAsync(TIn input, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<TOut>(cancellationToken);
        }
        if (Interlocked.Increment(ref queued) > options.MaxQueued)
        {
            Interlocked.Decrement(ref queued);
            return Task.FromException<TOut>(new BatcherFullException(options.MaxQueued));
        }
        var request = new Request(input, Stopwatch.GetTimestamp(), cancellationToken);
        if (cancellationToken.CanBeCanceled)
        {
            request.Registration = cancellationToken.Register(static r => ((Request)r!).Cancel(), request);
        }
        if (!queue.Writer.TryWrite(request))
        {
            Interlocked.Decrement(ref queued);
            request.Registration.Dispose();
            return Task.FromException<TOut>(new ObjectDisposedException(nameof(DynamicBatcher<TIn, TOut>)));
        }
        return request.Completion.Task;
    }

    /// <summary>Stops intake, lets queued requests run, and waits for the thread to end.</summary>
    public void Dispose()
    {
        queue.Writer.TryComplete();
        if (Thread.CurrentThread != thread)
        {
            thread.Join();
        }
    }

    /// <inheritdoc cref="Dispose"/>
    public async ValueTask DisposeAsync()
    {
        queue.Writer.TryComplete();
        if (Thread.CurrentThread != thread)
        {
            await stopped.Task.ConfigureAwait(false);
        }
    }

    private void Run()
    {
        var batch = new List<Request>(options.MaxBatchSize);
        var reader = queue.Reader;
        // Wait for company only when there has been company: after a one-item batch (a lone client, or the
        // first request after idle) the next request runs at once instead of paying the window for nothing.
        var lastBatchSize = 0;
        // Blocking waits are right here: this thread exists only to wait for work and do it.
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            long deadline = 0;
            while (batch.Count < options.MaxBatchSize)
            {
                if (reader.TryRead(out var request))
                {
                    Interlocked.Decrement(ref queued);
                    if (request.Completion.Task.IsCompleted)
                    {
                        continue; // cancelled while queued
                    }
                    deadline = batch.Count == 0 ? request.EnqueuedAt + (lastBatchSize > 1 ? windowTicks : 0) : deadline;
                    batch.Add(request);
                    continue;
                }
                if (batch.Count == 0 || !WaitForMore(reader, deadline))
                {
                    break;
                }
            }
            if (batch.Count > 0)
            {
                Execute(batch);
                lastBatchSize = batch.Count;
            }
        }
        stopped.TrySetResult();
    }

    private static bool WaitForMore(ChannelReader<Request> reader, long deadline)
    {
        var remaining = deadline - Stopwatch.GetTimestamp();
        if (remaining <= 0)
        {
            return false;
        }
        var wait = reader.WaitToReadAsync().AsTask();
        return wait.Wait(TimeSpan.FromSeconds(remaining / (double)Stopwatch.Frequency)) && wait.Result;
    }

    private void Execute(List<Request> batch)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var outputs = batchFunction(batch.ConvertAll(r => r.Input));
            if (outputs is null || outputs.Length != batch.Count)
            {
                throw new InvalidOperationException(
                    $"The batch function returned {outputs?.Length ?? 0} results for {batch.Count} inputs.");
            }
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Completion.TrySetResult(outputs[i]);
            }
        }
        catch (Exception e)
        {
            batch.ForEach(r => r.Completion.TrySetException(e));
        }
        finally
        {
            batch.ForEach(r => r.Registration.Dispose());
        }
        try
        {
            options.BatchCompleted?.Invoke(batch.Count, Stopwatch.GetElapsedTime(started));
        }
        catch (Exception)
        {
            // A failing metrics callback must not kill the thread every later request waits on.
        }
    }

    private sealed class Request(TIn input, long enqueuedAt, CancellationToken cancellationToken)
    {
        public TIn Input { get; } = input;
        public long EnqueuedAt { get; } = enqueuedAt;
        public TaskCompletionSource<TOut> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public CancellationTokenRegistration Registration { get; set; }

        public void Cancel() => Completion.TrySetCanceled(cancellationToken);
    }
}
