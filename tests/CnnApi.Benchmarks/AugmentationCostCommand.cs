using System.Diagnostics;
using CnnApi.Architectures.Presets;
using CnnApi.Torch.Devices;
using CnnApi.Torch.Mnist;
using CnnApi.Torch.Networks;
using CnnApi.Torch.Training;

namespace CnnApi.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/CnnApi.Benchmarks -- augmentation-cost [--preset mnist-bn] [--batch 128]
/// [--images 3840] [--rounds 5] [--threads 2] [--mnist data/datasets]</c>: the training thread's slowdown from batch
/// augmentation (shift 2.5 px, rotation 10°, zoom 0.1). Each round trains the same images once plain and once augmented
/// (the order alternates between rounds), one epoch each, and compares the training loop's seconds (the trainer's own
/// clock, which excludes the test pass) and the process's CPU seconds. The machine is shared, so only ratios within a
/// round mean something, and CPU time is the steadier of the two; the pooled ratio sums each side over every round.
/// </summary>
internal static class AugmentationCostCommand
{
    internal static int Run(string[] args)
    {
        string Option(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        var preset = ArchitecturePresets.Find(Option("--preset", "mnist-bn")) ?? throw new ArgumentException("unknown preset");
        int batch = int.Parse(Option("--batch", "128")), images = int.Parse(Option("--images", "3840")), rounds = int.Parse(Option("--rounds", "5"));
        int threads = int.Parse(Option("--threads", Environment.ProcessorCount.ToString()));
        TorchThreads.Set(threads);
        using var data = MnistDataset.Load(Option("--mnist", Path.Combine("data", "datasets")));
        var layers = NetworkLayers.From(preset.Architecture);
        var plain = new TrainingOptions { BatchSize = batch, TrainLimit = images, TestLimit = 1, Seed = 1 };
        var augmented = plain with { Augmentation = new Augmentation(Shift: 2.5, Rotation: 10, Zoom: 0.1) };
        var dir = Directory.CreateTempSubdirectory("augment-cost-").FullName;
        Console.WriteLine($"{preset.Name}, batch {batch}, {images} images, {threads} torch thread(s), {rounds} rounds, {DateTime.UtcNow:u}");

        // Wall seconds of the training loop, and CPU seconds of the whole process over the run (every libtorch thread):
        // on a loaded machine the wall clock mostly measures the others, the CPU time this run's own work.
        (double Wall, double Cpu) Measure(TrainingOptions options)
        {
            using var process = Process.GetCurrentProcess();
            var before = process.TotalProcessorTime;
            var wall = new Trainer(layers, data, options).Run(Path.Combine(dir, "w.bin")).History[0].Seconds;
            process.Refresh();
            return (wall, (process.TotalProcessorTime - before).TotalSeconds);
        }

        Measure(plain); // warm-up: libtorch's first passes allocate and pick kernels
        (double Wall, double Cpu) plainTotal = (0, 0), augmentedTotal = (0, 0);
        for (int round = 1; round <= rounds; round++)
        {
            (double Wall, double Cpu) p, a;
            if (round % 2 == 1) (p, a) = (Measure(plain), Measure(augmented));
            else (a, p) = (Measure(augmented), Measure(plain));
            plainTotal = (plainTotal.Wall + p.Wall, plainTotal.Cpu + p.Cpu);
            augmentedTotal = (augmentedTotal.Wall + a.Wall, augmentedTotal.Cpu + a.Cpu);
            Console.WriteLine($"round {round}: plain {p.Wall:F2} s wall ({images / p.Wall:F0} images/s), {p.Cpu:F2} s CPU; augmented {a.Wall:F2} s wall " +
                              $"({images / a.Wall:F0} images/s), {a.Cpu:F2} s CPU; slowdown wall {Percent(a.Wall / p.Wall)}, CPU {Percent(a.Cpu / p.Cpu)}");
        }
        // The augmentation step alone, many times: its CPU cost per batch against a plain training batch's.
        using (var process = Process.GetCurrentProcess())
        {
            const int calls = 200;
            var batchImages = data.TrainImages.narrow(0, 0, batch);
            var before = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < calls; i++)
            {
                using var scope = TorchSharp.torch.NewDisposeScope();
                BatchAugmenter.Apply(batchImages, augmented.Augmentation!, 1, i);
            }
            process.Refresh();
            double cpuPerCall = (process.TotalProcessorTime - before).TotalSeconds / calls;
            double plainCpuPerBatch = plainTotal.Cpu / rounds / Math.Ceiling(images / (double)batch);
            Console.WriteLine($"augmentation alone: {clock.Elapsed.TotalMilliseconds / calls:F2} ms wall, {cpuPerCall * 1000:F2} ms CPU per batch of {batch}; " +
                              $"a plain training batch {plainCpuPerBatch * 1000:F1} ms CPU: {cpuPerCall / plainCpuPerBatch * 100:F1} %");
        }
        Console.WriteLine($"pooled: slowdown wall {Percent(augmentedTotal.Wall / plainTotal.Wall)}, CPU {Percent(augmentedTotal.Cpu / plainTotal.Cpu)} " +
                          $"(plain {plainTotal.Cpu:F1} s CPU, augmented {augmentedTotal.Cpu:F1} s CPU)");
        Directory.Delete(dir, recursive: true);
        return 0;
    }

    private static string Percent(double ratio) => $"{(ratio - 1) * 100:+0.0;-0.0} %";
}
