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
/// clock, which excludes the test pass). The machine is shared, so only ratios within a round mean something; the pooled
/// ratio sums each side over every round.
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

        double Seconds(TrainingOptions options) =>
            new Trainer(layers, data, options).Run(Path.Combine(dir, "w.bin")).History[0].Seconds;

        Seconds(plain); // warm-up: libtorch's first passes allocate and pick kernels
        double plainTotal = 0, augmentedTotal = 0;
        var ratios = new List<double>();
        for (int round = 1; round <= rounds; round++)
        {
            double p, a;
            if (round % 2 == 1) (p, a) = (Seconds(plain), Seconds(augmented));
            else (a, p) = (Seconds(augmented), Seconds(plain));
            (plainTotal, augmentedTotal) = (plainTotal + p, augmentedTotal + a);
            ratios.Add(a / p);
            Console.WriteLine($"round {round}: plain {p:F2} s ({images / p:F0} images/s), augmented {a:F2} s ({images / a:F0} images/s), " +
                              $"slowdown {(a / p - 1) * 100:+0.0;-0.0} %");
        }
        ratios.Sort();
        Console.WriteLine($"pooled: plain {plainTotal:F1} s, augmented {augmentedTotal:F1} s, slowdown {(augmentedTotal / plainTotal - 1) * 100:+0.0;-0.0} %; " +
                          $"median of rounds {(ratios[ratios.Count / 2] - 1) * 100:+0.0;-0.0} %");
        Directory.Delete(dir, recursive: true);
        return 0;
    }
}
