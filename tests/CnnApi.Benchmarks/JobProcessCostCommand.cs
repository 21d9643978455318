using System.Diagnostics;
using CnnApi.Architectures.Presets;
using CnnApi.Torch.Devices;
using CnnApi.Torch.Mnist;
using CnnApi.Torch.Networks;
using CnnApi.Torch.Training;

namespace CnnApi.Benchmarks;

/// <summary>
/// <c>dotnet tests/CnnApi.Benchmarks/bin/Release/net10.0/linux-x64/CnnApi.Benchmarks.dll job-process-cost
/// [--mnist data/datasets]</c>: what a training job would pay to run in a process of its own (issue 16): runtime
/// start to Main, libtorch's load, MNIST's load (with the SHA-256 check, as the host does), a tiny first job
/// (JIT and libtorch warm-up included) and the same job again, with the working set after each step. Run it
/// under <c>/usr/bin/time -v</c> for the whole process's wall time and peak RSS.
/// </summary>
internal static class JobProcessCostCommand
{
    internal static int Run(string[] args)
    {
        var sinceStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
        string root = args.SkipWhile(a => a != "--mnist").Skip(1).FirstOrDefault() ?? Path.Combine("data", "datasets");
        Console.WriteLine($"{DateTime.UtcNow:u}; process start to Main: {sinceStart.TotalMilliseconds:F0} ms, {WorkingSet()}");
        var clock = Stopwatch.StartNew();
        void Step(string what)
        {
            Console.WriteLine($"{what}: {clock.Elapsed.TotalMilliseconds:F0} ms, {WorkingSet()}");
            clock.Restart();
        }

        TorchThreads.Set(Environment.ProcessorCount);
        Step("libtorch loaded (set_num_threads)");
        using var data = MnistDataset.Load(root);
        Step("MNIST loaded and verified");
        var layers = NetworkLayers.From(ArchitecturePresets.Find("seed-valid")!.Architecture);
        var options = new TrainingOptions { Epochs = 1, BatchSize = 32, TrainLimit = 320, TestLimit = 320, Seed = 1 };
        var dir = Directory.CreateTempSubdirectory("job-cost-").FullName;
        new Trainer(layers, data, options).Run(Path.Combine(dir, "a.bin"));
        Step("first tiny job (seed-valid, 10 batches of 32, test on 320)");
        new Trainer(layers, data, options).Run(Path.Combine(dir, "b.bin"));
        Step("the same job again (warm)");
        Directory.Delete(dir, recursive: true);
        using var process = Process.GetCurrentProcess();
        Console.WriteLine($"peak working set {process.PeakWorkingSet64 / 1048576.0:F0} MiB");
        return 0;
    }

    private static string WorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return $"working set {process.WorkingSet64 / 1048576.0:F0} MiB";
    }

}
