namespace CnnApi.Torch.Devices;

/// <summary>
/// libtorch's intra-op thread pool is process-wide: set it for training (all cores) or serving (fewer, so
/// request threads are not starved). Not per job: with two jobs at once the last setting wins.
/// </summary>
public static class TorchThreads
{
    public static int Current => TorchSharp.torch.get_num_threads();

    /// <summary>Sets the intra-op thread count (≥ 1).</summary>
    public static void Set(int threads)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(threads, 1);
        TorchSharp.torch.set_num_threads(threads);
    }
}
