using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using CnnApi.Architectures.Estimates;
using CnnApi.Architectures.Presets;
using CnnApi.Architectures.Summaries;
using CnnApi.Torch.Devices;
using CnnApi.Torch.Mnist;
using CnnApi.Torch.Networks;
using CnnApi.Torch.Training;

namespace CnnApi.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/CnnApi.Benchmarks -- estimate-check [--train-limit 6000] [--batch 128]
/// [--threads 2] [--mnist data/datasets] [--presets seed-valid,seed-same,lenet5,mnist-convnet]</c>: runs the node's
/// calibration benchmark, estimates one epoch of each preset (time and memory, as <c>POST /api/v1/training-jobs/estimate</c>
/// does: the probe's figure, with the fitted figure alone beside it; the verdict is on the probe's), then trains each in a fresh process of its own (so no preset inherits another's freed pages) and prints the
/// estimate beside the measured epoch time and peak resident growth (VmHWM after resetting it through
/// <c>/proc/self/clear_refs</c>, minus VmRSS before the model is built). Self-contained; about a minute per preset.
/// </summary>
internal static class EstimateCheckCommand
{
    internal static int Run(string[] args)
    {
        string Option(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        int batch = int.Parse(Option("--batch", "128")), limit = int.Parse(Option("--train-limit", "6000")), epochs = int.Parse(Option("--epochs", "1"));
        int threads = int.Parse(Option("--threads", Environment.ProcessorCount.ToString()));
        string root = Path.GetFullPath(Option("--mnist", Path.Combine("data", "datasets")));
        var presets = Option("--presets", "seed-valid,seed-same,lenet5,mnist-convnet").Split(',');

        TorchThreads.Set(threads);
        var (samples, elapsed) = ThroughputCalibration.RunTimed("cpu");
        var model = ThroughputModel.Fit(samples)!;
        Console.WriteLine($"{DateTime.UtcNow:u}, load average {File.ReadAllText("/proc/loadavg")[..14]}, {threads} thread(s), batch {batch}, {limit} images, Adam");
        Console.WriteLine($"calibration: {elapsed.TotalSeconds:F1} s; {string.Join(", ", samples.Select(s => $"{1 / s.SecondsPerImage:F0} images/s"))}");
        Console.WriteLine(FormattableString.Invariant($"fitted: {model.SecondsPerMac * 1e12:F1} ps/MAC, {model.SecondsPerElement * 1e9:F2} ns/element, {model.SecondsPerLayerBatch * 1e6:F1} µs/layer·batch"));
        Console.WriteLine();
        Console.WriteLine("| preset | probe s (warm-up s) | est. s/epoch (probe, with warm-up) | fitted only | measured s/epoch | error (probe) | error (fitted) | est. memory MB (w+g+opt+act+runtime) | measured peak RSS growth MB | error |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        int outside = 0;
        foreach (var name in presets)
        {
            var summary = Summarizer.Summarize(ArchitecturePresets.Find(name)!.Architecture).Summary!;
            // What POST /api/v1/training-jobs/estimate does for a network it has not timed yet (ArchitectureProbes).
            var probeClock = Stopwatch.StartNew();
            var probed = ThroughputProbe.ForJob(NetworkLayers.From(summary), batch, "cpu");
            double probeSeconds = probeClock.Elapsed.TotalSeconds;
            var estimate = TrainingEstimate.For(summary, model, batch, TrainingMemory.OptimizerSlots("adam", 0), 1, limit, 0, 0, probed.SecondsPerImage,
                warmupSeconds: probed.WarmupSeconds);
            // The measured figure is the mean epoch of a job in a fresh process, which pays the warm-up once.
            double estimatedEpoch = estimate.SecondsPerEpoch + estimate.WarmupSeconds / epochs;
            var fitted = TrainingEstimate.For(summary, model, batch, TrainingMemory.OptimizerSlots("adam", 0), 1, limit, 0, 0);
            var measured = Measure(name, batch, limit, threads, root, epochs);
            double timeError = estimatedEpoch / measured.EpochSeconds - 1, fittedError = fitted.SecondsPerEpoch / measured.EpochSeconds - 1;
            double memoryError = (double)estimate.Memory.TotalBytes / measured.PeakGrowthBytes - 1;
            if (Math.Abs(timeError) > 0.3 || Math.Abs(memoryError) > 0.3) outside++;
            if (epochs > 1) Console.Error.WriteLine(FormattableString.Invariant($"{name}: epochs {string.Join(", ", measured.Epochs.Select(e => e.ToString("F2")))} s"));
            var m = estimate.Memory;
            Console.WriteLine(FormattableString.Invariant(
                $"| {name} | {probeSeconds:F1} ({probed.WarmupSeconds:F2}) | {estimatedEpoch:F2} | {fitted.SecondsPerEpoch:F2} | {measured.EpochSeconds:F2} | {timeError:+0%;-0%} | {fittedError:+0%;-0%} | {Mb(m.TotalBytes):F1} ({Mb(m.WeightsBytes):F1}+{Mb(m.GradientsBytes):F1}+{Mb(m.OptimizerBytes):F1}+{Mb(m.ActivationsBytes):F1}+{Mb(m.RuntimeBytes):F0}) | {Mb(measured.PeakGrowthBytes):F1} | {memoryError:+0%;-0%} |"));
        }
        Console.WriteLine();
        Console.WriteLine($"{presets.Length - outside} of {presets.Length} within ±30 % on both; load average now {File.ReadAllText("/proc/loadavg")[..14]}");
        return outside == 0 ? 0 : 1;
    }

    private static double Mb(long bytes) => bytes / 1048576.0;

    /// <summary>
    /// The mean epoch's seconds (of <c>--epochs</c>), each epoch's, the peak resident growth, and the minor page faults
    /// the training took (what <c>NativeAllocator</c> cuts).
    /// </summary>
    private sealed record Measured(double EpochSeconds, double[] Epochs, long PeakGrowthBytes, long MinorFaults);

    /// <summary>Runs <see cref="MeasureOne"/> in a child process (this program, <c>estimate-measure</c>) and reads its JSON line.</summary>
    private static Measured Measure(string preset, int batch, int limit, int threads, string root, int epochs)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        if (!Environment.ProcessPath!.EndsWith("CnnApi.Benchmarks", StringComparison.Ordinal)) start.ArgumentList.Add(typeof(EstimateCheckCommand).Assembly.Location);
        foreach (var a in new[] { "estimate-measure", preset, batch.ToString(), limit.ToString(), threads.ToString(), root, epochs.ToString() }) start.ArgumentList.Add(a);
        using var child = Process.Start(start)!;
        var line = child.StandardOutput.ReadToEnd().Trim().Split('\n')[^1];
        child.WaitForExit();
        if (child.ExitCode != 0) throw new InvalidOperationException($"estimate-measure {preset} exited {child.ExitCode}: {line}");
        return JsonSerializer.Deserialize<Measured>(line)!;
    }

    /// <summary><c>estimate-measure preset batch limit threads root</c>: one epoch of Adam, printing the measurement as JSON.</summary>
    internal static int MeasureOne(string[] args)
    {
        var (preset, batch, limit, threads, root, epochs) = (args[1], int.Parse(args[2]), int.Parse(args[3]), int.Parse(args[4]), args[5], int.Parse(args[6]));
        TorchThreads.Set(threads);
        using var data = MnistDataset.Load(root);
        var layers = NetworkLayers.From(ArchitecturePresets.Find(preset)!.Architecture);
        using (TorchSharp.torch.ones(8).sum()) { }  // libtorch's own start-up is the server's too, before any job
        GC.Collect();
        GC.WaitForPendingFinalizers();
        long before = Status("VmRSS");
        long anonBefore = Status("RssAnon"), fileBefore = Status("RssFile");
        File.WriteAllText("/proc/self/clear_refs", "5");  // resets VmHWM to the current RSS
        var dir = Directory.CreateTempSubdirectory("estimate-measure-");
        long faultsBefore = MinorFaults();
        var result = new Trainer(layers, data, new TrainingOptions { Epochs = epochs, BatchSize = batch, TrainLimit = limit, TestLimit = 100, Seed = 42 })
            .Run(Path.Combine(dir.FullName, "weights.bin"));
        long peak = Status("VmHWM"), faults = MinorFaults() - faultsBefore;
        Console.Error.WriteLine(FormattableString.Invariant($"{preset}, {epochs} epoch(s): RssAnon {Status("RssAnon") / 1e6:F1} MB (before {anonBefore / 1e6:F1}), RssFile {Status("RssFile") / 1e6:F1} MB (before {fileBefore / 1e6:F1})"));
        dir.Delete(recursive: true);
        var seconds = result.History.Select(e => e.Seconds).ToArray();
        Console.WriteLine(JsonSerializer.Serialize(new Measured(seconds.Average(), seconds, peak - before, faults)));
        return 0;
    }

    /// <summary>The process's minor page faults so far: /proc/self/stat's tenth field, the eighth after the name's ')'.</summary>
    private static long MinorFaults()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        return long.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[7], CultureInfo.InvariantCulture);
    }

    /// <summary>A /proc/self/status field in bytes.</summary>
    private static long Status(string field) => long.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith(field + ":"))
        .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
}
