namespace CnnApi.Tests.Infrastructure;

/// <summary>What the kernel says of the calling thread, for tests of thread priority.</summary>
public static class KernelThread
{
    /// <summary>The calling thread's nice value (field 19 of /proc/thread-self/stat); null off Linux.</summary>
    public static int? Nice()
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/proc/thread-self/stat")) return null;
        var stat = File.ReadAllText("/proc/thread-self/stat");
        // After the command name in parentheses (which may hold spaces): state is field 3, nice is field 19.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[19 - 3], System.Globalization.CultureInfo.InvariantCulture);
    }
}
