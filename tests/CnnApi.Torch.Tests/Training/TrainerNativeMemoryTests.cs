using System.Diagnostics;
using System.Text.Json;

namespace CnnApi.Torch.Tests.Training;

/// <summary>
/// A long job must not grow the process without end. TorchSharp frees some native objects only in finalizers, and training
/// allocates so little managed memory that the GC hardly ever ran: lenet5's peak resident growth was 40 MB after one epoch
/// of 100 batches and 104 MB after thirty (about 21 KB per batch, for as long as the job ran). The trainer now sweeps
/// every <c>Trainer.NativeSweepBatches</c> batches. Measured in fresh processes (the benchmarks' <c>estimate-measure</c>,
/// real MNIST, 2 threads): a process shared with tests running in parallel could not tell its own growth apart.
/// </summary>
public sealed class TrainerNativeMemoryTests
{
    [Fact]
    public void Train_ThirtyEpochs_PeakResidentGrowthStaysAtOneEpochs()
    {
        double one = PeakGrowthMb(epochs: 1), thirty = PeakGrowthMb(epochs: 30);

        // Without the sweep: 40 and 104 MB. With it: 37 and 34 MB.
        Assert.True(thirty - one < 20, $"peak resident growth: {one:F1} MB after 1 epoch, {thirty:F1} MB after 30 (100 batches each)");
    }

    /// <summary>
    /// <c>NativeAllocator</c> (on by default in the server and the benchmarks): glibc's defaults return each batch's
    /// freed buffers to the kernel and fault them in again. Measured: lenet5, one epoch of 3,200 images at batch 128,
    /// 41,753 minor faults with glibc's defaults, 5,726 with the buffers kept (full epochs 1.3× faster).
    /// </summary>
    [Fact]
    public void Train_WithNativeBuffersKept_FaultsFarFewerPagesThanWithGlibcDefaults()
    {
        var (kept, keptLog) = Measure("lenet5", 128, 3200, 1);
        var (defaults, defaultsLog) = Measure("lenet5", 128, 3200, 1, ("Training__KeepNativeBuffers", "false"));
        long keptFaults = kept.GetProperty("MinorFaults").GetInt64(), defaultFaults = defaults.GetProperty("MinorFaults").GetInt64();

        Assert.Contains("native allocator: mmap threshold 32 MiB, trim threshold 64 MiB", keptLog);
        Assert.DoesNotContain("native allocator", defaultsLog);
        Assert.True(keptFaults * 3 < defaultFaults, $"minor page faults while training: {keptFaults} kept, {defaultFaults} with glibc's defaults");
    }

    [Fact]
    public void NativeAllocator_OperatorTunedMalloc_IsLeftAlone()
    {
        var (_, log) = Measure("lenet5", 128, 256, 1, ("MALLOC_TRIM_THRESHOLD_", "131072"));

        Assert.Contains("native allocator: left as is: MALLOC_TRIM_THRESHOLD_ is set", log);
    }

    /// <summary>lenet5 at batch 32 on 3,200 images (100 batches per epoch), one child process per run.</summary>
    private static double PeakGrowthMb(int epochs) => Measure("lenet5", 32, 3200, epochs).Result.GetProperty("PeakGrowthBytes").GetInt64() / 1e6;

    /// <summary>The benchmarks' <c>estimate-measure</c> in a child process (2 threads, real MNIST): its JSON line and its stderr.</summary>
    private static (JsonElement Result, string Log) Measure(string preset, int batch, int images, int epochs, params (string Name, string Value)[] environment)
    {
        var root = MnistTestData.RepoRoot();
        var configuration = AppContext.BaseDirectory.Contains("/Debug/") ? "Debug" : "Release";
        var program = Path.Combine(root, "tests", "CnnApi.Benchmarks", "bin", configuration, "net10.0", "linux-x64", "CnnApi.Benchmarks.dll");
        Assert.True(File.Exists(program), $"{program} is missing: build the solution (./test.sh does) before this test.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { program, "estimate-measure", preset, batch.ToString(), images.ToString(), "2", MnistTestData.Root, epochs.ToString() })
            start.ArgumentList.Add(a);
        foreach (var (name, value) in environment) start.Environment[name] = value;
        using var child = Process.Start(start)!;
        var stderr = child.StandardError.ReadToEndAsync();
        var lines = child.StandardOutput.ReadToEnd().Trim().Split('\n');
        Assert.True(child.WaitForExit(TimeSpan.FromMinutes(3)), "estimate-measure did not finish in 3 minutes");
        Assert.True(child.ExitCode == 0, $"estimate-measure exited {child.ExitCode}: {stderr.Result}");
        return (JsonDocument.Parse(lines[^1]).RootElement.Clone(), stderr.Result);
    }
}
