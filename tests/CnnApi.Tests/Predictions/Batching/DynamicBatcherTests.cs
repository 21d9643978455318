using System.Collections.Concurrent;
using System.Diagnostics;
using CnnApi.Predictions.Batching;

namespace CnnApi.Tests.Predictions.Batching;

public sealed class DynamicBatcherTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task EnqueueAsync_ManyConcurrentCallers_EachGetsTheResultOfItsOwnInput()
    {
        await using var batcher = new DynamicBatcher<int, string>(xs => xs.Select(x => $"#{x}").ToArray());

        var results = await Task.WhenAll(Enumerable.Range(0, 500).Select(i => Task.Run(() => batcher.EnqueueAsync(i))));

        Assert.Equal(Enumerable.Range(0, 500).Select(i => $"#{i}"), results);
    }

    [Fact]
    public async Task EnqueueAsync_QueueBuildsUpBehindSlowBatch_BatchesFillToButNeverExceedMaxSize()
    {
        var sizes = new ConcurrentQueue<int>();
        using var gate = new ManualResetEventSlim();
        var options = new DynamicBatcherOptions { MaxBatchSize = 8, Window = TimeSpan.FromMilliseconds(1) };
        await using var batcher = new DynamicBatcher<int, int>(xs => { gate.Wait(Timeout); sizes.Enqueue(xs.Count); return [.. xs]; }, options);

        var tasks = Enumerable.Range(0, 100).Select(i => batcher.EnqueueAsync(i)).ToArray();
        gate.Set();
        await Task.WhenAll(tasks).WaitAsync(Timeout);

        Assert.Equal(100, sizes.Sum());
        Assert.Equal(8, sizes.Max());
        Assert.True(sizes.Count <= 1 + 100 / 8 + 1, $"{sizes.Count} batches: {string.Join(",", sizes)}");
    }

    [Fact]
    public async Task EnqueueAsync_LoneRequests_RunAtOnceWithoutPayingTheWindow()
    {
        var options = new DynamicBatcherOptions { Window = TimeSpan.FromSeconds(20) };
        await using var batcher = new DynamicBatcher<int, int>(xs => [.. xs], options);

        var watch = Stopwatch.StartNew();
        for (var i = 0; i < 3; i++) await batcher.EnqueueAsync(i).WaitAsync(Timeout);

        // Three one-at-a-time requests: none waits the 20 s window for company that never comes.
        Assert.InRange(watch.ElapsedMilliseconds, 0, 5000);
    }

    [Fact]
    public async Task EnqueueAsync_AfterABatchWithCompany_NextRequestWaitsAboutTheWindow()
    {
        var sizes = new ConcurrentQueue<int>();
        using var gate = new ManualResetEventSlim();
        using var entered = new SemaphoreSlim(0);
        var options = new DynamicBatcherOptions { Window = TimeSpan.FromMilliseconds(60) };
        await using var batcher = new DynamicBatcher<int, int>(xs => { entered.Release(); gate.Wait(Timeout); sizes.Enqueue(xs.Count); return [.. xs]; }, options);

        // The first request runs alone and blocks; two more queue behind it and form a batch with company.
        var first = batcher.EnqueueAsync(1);
        Assert.True(await entered.WaitAsync(Timeout));
        var pair = new[] { batcher.EnqueueAsync(2), batcher.EnqueueAsync(3) };
        gate.Set();
        await Task.WhenAll([first, .. pair]).WaitAsync(Timeout);
        Assert.Equal([1, 2], sizes);

        var watch = Stopwatch.StartNew();
        await batcher.EnqueueAsync(4).WaitAsync(Timeout);

        // Never early; the upper bound is loose because a loaded CI machine delays any thread.
        Assert.InRange(watch.ElapsedMilliseconds, 55, 5000);
        Assert.Equal([1, 2, 1], sizes);
    }

    [Fact]
    public async Task EnqueueAsync_BatchFullBeforeWindow_RunsWithoutWaitingForWindow()
    {
        var options = new DynamicBatcherOptions { Window = TimeSpan.FromSeconds(30), MaxBatchSize = 2 };
        await using var batcher = new DynamicBatcher<int, int>(xs => [.. xs], options);

        var results = await Task.WhenAll(batcher.EnqueueAsync(1), batcher.EnqueueAsync(2)).WaitAsync(Timeout);

        Assert.Equal([1, 2], results);
    }

    [Fact]
    public async Task EnqueueAsync_NoBatchingOptions_CallsFunctionOncePerItem()
    {
        var sizes = new ConcurrentQueue<int>();
        await using var batcher = new DynamicBatcher<int, int>(xs => { sizes.Enqueue(xs.Count); return [.. xs]; }, DynamicBatcherOptions.NoBatching);

        await Task.WhenAll(Enumerable.Range(0, 50).Select(i => batcher.EnqueueAsync(i))).WaitAsync(Timeout);

        Assert.Equal(50, sizes.Count);
        Assert.All(sizes, size => Assert.Equal(1, size));
    }
}
