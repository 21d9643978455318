using System.Runtime.InteropServices;

namespace CnnApi.Torch.Devices;

/// <summary>
/// Keeps libtorch's per-batch CPU buffers in glibc's heap instead of returning them to the kernel after every batch.
/// A training step frees and reallocates the same activation and gradient buffers (up to about 19 MB each for
/// seed-valid at batch 128). By default glibc serves blocks over its mmap threshold with fresh mappings and trims the heap
/// top past its trim threshold, so every batch faults its buffers in again: mnist-convnet's epoch spent 5 of its 11 s in
/// the kernel (2.9 M minor page faults). With the mmap threshold at 32 MiB (glibc's ceiling on 64-bit) and the trim
/// threshold at 64 MiB, the same epoch makes 0.14 M faults and runs 1.2–1.4× faster (docs/benchmarks.md, "glibc
/// allocator"). The cost is that up to 64 MiB of freed native memory per malloc arena stays with the process.
/// </summary>
public static class NativeAllocator
{
    public const int MmapThresholdBytes = 32 << 20;
    public const int TrimThresholdBytes = 64 << 20;

    private const int MTrimThreshold = -1, MMmapThreshold = -3;  // glibc's malloc.h

    /// <summary>
    /// Sets both thresholds once for the process and says what it did. Does nothing off Linux, without glibc's
    /// <c>mallopt</c>, or when the operator already tuned malloc through <c>MALLOC_MMAP_THRESHOLD_</c>,
    /// <c>MALLOC_TRIM_THRESHOLD_</c> or <c>GLIBC_TUNABLES</c> (their choice wins).
    /// </summary>
    public static string KeepTrainingBuffers()
    {
        if (!OperatingSystem.IsLinux()) return "left as is: not Linux";
        foreach (var name in new[] { "MALLOC_MMAP_THRESHOLD_", "MALLOC_TRIM_THRESHOLD_", "GLIBC_TUNABLES" })
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name))) return $"left as is: {name} is set";
        try
        {
            if (mallopt(MMmapThreshold, MmapThresholdBytes) != 1 || mallopt(MTrimThreshold, TrimThresholdBytes) != 1)
                return "left as is: mallopt refused the thresholds";
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return "left as is: no glibc mallopt";
        }
        return $"mmap threshold {MmapThresholdBytes >> 20} MiB, trim threshold {TrimThresholdBytes >> 20} MiB";
    }

    // glibc's soname, named exactly: "libc" would make the loader try libc.so first, which is a linker script where
    // libc6-dev is installed and absent where it is not (the runtime image). Without glibc (musl): DllNotFoundException.
    [DllImport("libc.so.6", EntryPoint = "mallopt")]
    private static extern int mallopt(int param, int value);
}
