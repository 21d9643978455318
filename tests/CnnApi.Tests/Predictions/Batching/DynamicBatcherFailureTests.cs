using CnnApi.Predictions.Batching;

namespace CnnApi.Tests.Predictions.Batching;

public sealed class DynamicBatcherFailureTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task EnqueueAsync_BatchFunctionThrows_FailsOnlyThatBatchsCallers()
    {
        using var gate = new ManualResetEventSlim();
        var options = new DynamicBatcherOptions { MaxBatchSize = 3, Window = TimeSpan.FromSeconds(5) };
        await using var batcher = new DynamicBatcher<int, int>(xs =>
        {
            gate.Wait(Timeout);
            return xs.Contains(-1) ? throw new InvalidOperationException("poisoned batch") : xs.Select(x => x * 2).ToArray();
        }, options);

        // Usually batch 1 = [1, 2, 3] runs (held by the gate) while [4, -1, 5] and [6, 7, 8] queue; on a loaded machine the
        // batcher may take the first one before the others arrive and the batches shift. Either way: the batch holding -1
        // fails, its callers (at most MaxBatchSize) get its error, and every other caller gets its own answer.
        var inputs = new[] { 1, 2, 3, 4, -1, 5, 6, 7, 8 };
        var tasks = inputs.Select(x => batcher.EnqueueAsync(x)).ToArray();
        gate.Set();
        await Task.WhenAll(tasks).ContinueWith(_ => { }).WaitAsync(Timeout);

        Assert.All(tasks, t => Assert.True(t.IsCompleted));
        var failed = tasks.Where(t => t.IsFaulted).ToList();
        Assert.Contains(tasks[4], failed);
        Assert.InRange(failed.Count, 1, options.MaxBatchSize);
        Assert.All(failed, t => Assert.Equal("poisoned batch", t.Exception!.InnerException!.Message));
        Assert.All(inputs.Zip(tasks).Where(p => !p.Second.IsFaulted), p => Assert.Equal(p.First * 2, p.Second.Result));
        Assert.True(tasks.Count(t => !t.IsFaulted) >= inputs.Length - options.MaxBatchSize);
    }

    [Fact]
    public async Task EnqueueAsync_FunctionReturnsWrongCount_FailsCallersWithClearError()
    {
        await using var batcher = new DynamicBatcher<int, int>(_ => [], DynamicBatcherOptions.NoBatching);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => batcher.EnqueueAsync(1).WaitAsync(Timeout));

        Assert.Contains("0 results for 1 inputs", error.Message);
    }

    [Fact]
    public async Task EnqueueAsync_TokenAlreadyCancelled_ReturnsCancelledTask()
    {
        await using var batcher = new DynamicBatcher<int, int>(xs => [.. xs]);

        var task = batcher.EnqueueAsync(1, new CancellationToken(canceled: true));

        Assert.True(task.IsCanceled);
    }

    [Fact]
    public async Task EnqueueAsync_CancelledWhileQueued_CancelsCallerAndSkipsItsInput()
    {
        using var gate = new ManualResetEventSlim();
        var seen = new List<int>();
        await using var batcher = new DynamicBatcher<int, int>(xs => { gate.Wait(Timeout); seen.AddRange(xs); return [.. xs]; }, DynamicBatcherOptions.NoBatching);
        using var cts = new CancellationTokenSource();

        var first = batcher.EnqueueAsync(1);
        var cancelled = batcher.EnqueueAsync(2, cts.Token);
        var last = batcher.EnqueueAsync(3);
        await cts.CancelAsync();
        gate.Set();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled.WaitAsync(Timeout));
        Assert.Equal(3, await last.WaitAsync(Timeout));
        Assert.Equal(1, await first);
        Assert.DoesNotContain(2, seen);
    }

    [Fact]
    public async Task DisposeAsync_RequestsStillQueued_CompletesThemThenRefusesNewOnes()
    {
        using var gate = new ManualResetEventSlim();
        var batcher = new DynamicBatcher<int, int>(xs => { gate.Wait(Timeout); return xs.Select(x => -x).ToArray(); }, DynamicBatcherOptions.NoBatching);
        var pending = Enumerable.Range(1, 5).Select(i => batcher.EnqueueAsync(i)).ToArray();

        var disposing = batcher.DisposeAsync().AsTask();
        gate.Set();
        await disposing.WaitAsync(Timeout);

        Assert.Equal([-1, -2, -3, -4, -5], pending.Select(t => t.Result));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => batcher.EnqueueAsync(6));
    }

    [Fact]
    public void Constructor_ZeroBatchSize_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new DynamicBatcher<int, int>(xs => [.. xs], new DynamicBatcherOptions { MaxBatchSize = 0 }));
    }
}
