using CnnApi.Predictions;
using CnnApi.Predictions.Batching;
using Microsoft.Extensions.Options;

namespace CnnApi.Tests.Predictions.Batching;

/// <summary>The bounds in front of the model: the batcher's queue and the decoding slots.</summary>
public sealed class DynamicBatcherLimitTests
{
    [Fact]
    public async Task Enqueue_PastMaxQueued_FailsFastWithBatcherFull()
    {
        using var release = new ManualResetEventSlim();
        var batcher = new DynamicBatcher<int, int>(items => { release.Wait(); return [.. items]; },
            new DynamicBatcherOptions { MaxBatchSize = 1, MaxQueued = 4, Window = TimeSpan.Zero });
        var first = batcher.EnqueueAsync(0);
        while (batcher.Queued > 0) await Task.Delay(5); // the first is on the batch thread, blocked
        var waiting = Enumerable.Range(1, 4).Select(i => batcher.EnqueueAsync(i)).ToList();

        var refused = await Assert.ThrowsAsync<BatcherFullException>(() => batcher.EnqueueAsync(5));

        Assert.Equal(4, refused.Limit);
        release.Set();
        Assert.Equal(new[] { 1, 2, 3, 4 }, await Task.WhenAll(waiting));
        Assert.Equal(0, await first);
        Assert.Equal(5, await batcher.EnqueueAsync(5)); // room again once the queue drained
        await batcher.DisposeAsync();
    }

    [Fact]
    public async Task Enter_AllSlotsTaken_ReturnsNullAfterTheWaitAndASlotAfterRelease()
    {
        using var gate = new DecodeGate(Options.Create(new PredictionOptions { MaxConcurrentDecodes = 1, DecodeWaitMilliseconds = 50 }));
        var held = await gate.EnterAsync(CancellationToken.None);
        Assert.NotNull(held);

        Assert.Null(await gate.EnterAsync(CancellationToken.None));

        held.Dispose();
        held.Dispose(); // twice is harmless
        using var next = await gate.EnterAsync(CancellationToken.None);
        Assert.NotNull(next);
        Assert.Null(await gate.EnterAsync(CancellationToken.None));
    }

    [Fact]
    public void Slots_Unset_IsOnePerCore() =>
        Assert.Equal(Environment.ProcessorCount, DecodeGate.Slots(new PredictionOptions()));
}
