using System.Runtime.InteropServices;

namespace CnnApi.Predictions;

/// <summary>
/// Lowers the calling thread's CPU priority (its nice value) on Linux. .NET's <see cref="Thread.Priority"/> does
/// nothing there; <c>setpriority(PRIO_PROCESS, tid, nice)</c> with a thread id changes that one thread. Raising a
/// nice value needs no privilege (lowering it again would), so this is for threads that stay low: the decode threads.
/// </summary>
public static class ThreadNice
{
    private const int PrioProcess = 0;

    /// <summary>True when the calling thread now runs at <paramref name="nice"/> (1–19); false off Linux or when refused.</summary>
    public static bool TryLowerCurrentThread(int nice)
    {
        if (!OperatingSystem.IsLinux() || nice is < 1 or > 19) return false;
        try
        {
            return setpriority(PrioProcess, gettid(), nice) == 0;
        }
        catch (Exception e) when (e is EntryPointNotFoundException or DllNotFoundException)
        {
            return false;
        }
    }

    // glibc's soname, as in NativeAllocator: "libc" would have the loader try the libc.so linker script first.
    [DllImport("libc.so.6", SetLastError = true)]
    private static extern int setpriority(int which, int who, int prio);

    [DllImport("libc.so.6")]
    private static extern int gettid();
}
