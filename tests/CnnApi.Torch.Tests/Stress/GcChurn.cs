namespace CnnApi.Torch.Tests.Stress;

/// <summary>
/// What a busy web host does to a training or prediction thread: other threads allocate and the collector
/// runs all the time, finalizers included (<c>GC.Collect</c> + <c>GC.WaitForPendingFinalizers</c> in a loop).
/// A TorchSharp object left to the finalizer while libtorch still reads it is freed under its feet.
/// </summary>
internal sealed class GcChurn : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread[] _threads;
    private long _collections;

    public GcChurn()
    {
        _threads = [new Thread(Collect) { IsBackground = true }, new Thread(Allocate) { IsBackground = true }];
        foreach (var thread in _threads) thread.Start();
    }

    /// <summary>Forced collections so far: a test asserts the churn really ran beside it.</summary>
    public long Collections => Interlocked.Read(ref _collections);

    private void Collect()
    {
        while (!_stop.IsCancellationRequested)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            Interlocked.Increment(ref _collections);
        }
    }

    private void Allocate()
    {
        var keep = new List<byte[]>();
        for (long i = 0; !_stop.IsCancellationRequested; i++)
        {
            keep.Add(new byte[256 + (int)(i % 4096)]);
            if (keep.Count == 1000) keep = [];
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        foreach (var thread in _threads) thread.Join();
        _stop.Dispose();
    }
}
