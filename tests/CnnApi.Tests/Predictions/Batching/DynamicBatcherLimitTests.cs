using CnnApi.Predictions;
using CnnApi.Predictions.Batching;
using CnnApi.Tests.Infrastructure;
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
    public async Task Run_LargeImages_RunOnALowerPriorityDecodeThread_SmallOnesOnTheCallersThread()
    {
        using var gate = new DecodeGate(Options.Create(new PredictionOptions { MaxConcurrentDecodes = 2 }));
        using var slot = (await gate.EnterAsync(CancellationToken.None))!;
        var caller = Environment.CurrentManagedThreadId;
        var large = slot.RunAsync(() => (Thread.CurrentThread.Name, Environment.CurrentManagedThreadId, KernelThread.Nice()), DecodeGate.InlinePixels + 1);
        var callerNice = KernelThread.Nice();
        var small = slot.RunAsync(() => (Environment.CurrentManagedThreadId, KernelThread.Nice()), DecodeGate.InlinePixels);

        Assert.True(small.IsCompletedSuccessfully);            // ran before RunAsync returned
        Assert.Equal((caller, callerNice), await small);        // inline: the caller's thread, the caller's priority
        var (name, thread, nice) = await large;
        Assert.StartsWith("decode-", name);
        Assert.NotEqual(caller, thread);
        Assert.Equal(1, gate.Offloaded);
        if (OperatingSystem.IsLinux())
        {
            Assert.Equal(10, nice);  // Predictions:DecodeNice's default, as the kernel reports it
            Assert.Equal(2, gate.LoweredThreads);
        }
    }

    [Fact]
    public async Task Run_DecodeNiceZero_LeavesTheDecodeThreadsAtTheServersPriority()
    {
        using var gate = new DecodeGate(Options.Create(new PredictionOptions { MaxConcurrentDecodes = 1, DecodeNice = 0 }));
        using var slot = (await gate.EnterAsync(CancellationToken.None))!;

        var nice = await slot.RunAsync(KernelThread.Nice, long.MaxValue);

        Assert.Equal(KernelThread.Nice(), nice);
        Assert.Equal(0, gate.LoweredThreads);
    }

    [Fact]
    public async Task Run_WorkThrows_TheTaskFailsWithIt_AndTheDecodeThreadGoesOn()
    {
        using var gate = new DecodeGate(Options.Create(new PredictionOptions { MaxConcurrentDecodes = 1 }));
        using var slot = (await gate.EnterAsync(CancellationToken.None))!;

        var thrown = await Assert.ThrowsAsync<InvalidDataException>(() => slot.RunAsync<int>(() => throw new InvalidDataException("bad bytes"), long.MaxValue));
        Assert.Equal("bad bytes", thrown.Message);
        Assert.Equal(42, await slot.RunAsync(() => 42, long.MaxValue)); // the one thread survived the exception
        await Assert.ThrowsAsync<InvalidDataException>(() => slot.RunAsync<int>(() => throw new InvalidDataException("small"), 1));
    }

    [Fact]
    public void Slots_Unset_IsOnePerCore() =>
        Assert.Equal(Environment.ProcessorCount, DecodeGate.Slots(new PredictionOptions()));
}
