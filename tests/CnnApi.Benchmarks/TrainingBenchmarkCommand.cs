using System.Diagnostics;
using CnnApi.Architectures.Presets;
using CnnApi.Torch.Devices;
using CnnApi.Torch.Mnist;
using CnnApi.Torch.Networks;
using CnnApi.Torch.Training;

namespace CnnApi.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/CnnApi.Benchmarks -- train-seed-valid [--epochs 3] [--batch 128]
/// [--threads 2] [--seed 42] [--mnist data/datasets] [--train-limit N] [--fetch]</c>: trains the seed notebook's valid
/// model on full MNIST, reporting images/s per epoch, test accuracy after epoch 1 and after the last epoch
/// (a resume from the epoch-1 checkpoint), and the working set after each epoch. Too long for
/// BenchmarkDotNet's repetitions, so a plain console mode, dispatched from Program.cs.
/// </summary>
internal static class TrainingBenchmarkCommand
{
    internal static int Run(string[] args)
    {
        string Option(string name, string fallback) =>
            args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        int epochs = int.Parse(Option("--epochs", "3")), batch = int.Parse(Option("--batch", "128"));
        int threads = int.Parse(Option("--threads", Environment.ProcessorCount.ToString()));
        string root = Option("--mnist", Path.Combine("data", "datasets"));
        int? limit = args.Contains("--train-limit") ? int.Parse(Option("--train-limit", "")) : null;
        int seed = int.Parse(Option("--seed", "42"));

        if (args.Contains("--fetch")) MnistFetcher.EnsureAsync(root, Console.WriteLine).GetAwaiter().GetResult();
        TorchThreads.Set(threads);
        using var data = MnistDataset.Load(root);
        var layers = NetworkLayers.From(ArchitecturePresets.Find("seed-valid")!.Architecture);
        var options = new TrainingOptions { Epochs = 1, BatchSize = batch, TrainLimit = limit, Seed = seed };
        var dir = Directory.CreateTempSubdirectory("train-bench-").FullName;
        var checkpoint = Path.Combine(dir, "checkpoint");
        Console.WriteLine($"seed-valid, batch {batch}, seed {seed}, {threads} torch thread(s), {limit ?? data.TrainCount} training images, " +
                          $"normalisation (x/255 - {MnistNormalization.Mean}) / {MnistNormalization.Std}, {DateTime.UtcNow:u}");

        void Report(EpochResult e)
        {
            using var process = Process.GetCurrentProcess();
            Console.WriteLine($"epoch {e.Epoch}: loss {e.Loss:F4} acc {e.Accuracy:F4} {e.Seconds:F1} s " +
                              $"{e.ImagesPerSecond:F0} images/s, working set {process.WorkingSet64 / 1048576.0:F0} MiB");
        }

        if (args.Contains("--straight")) options = options with { Epochs = epochs };
        var first = new Trainer(layers, data, options) { CheckpointPath = checkpoint, EpochCompleted = Report }
            .Run(Path.Combine(dir, "epoch1.bin"));
        Console.WriteLine($"after epoch {options.Epochs}: test accuracy {first.TestAccuracy:F4}, test loss {first.TestLoss:F4}");
        if (epochs > options.Epochs)
        {
            var last = new Trainer(layers, data, options with { Epochs = epochs }) { EpochCompleted = Report }
                .Run(Path.Combine(dir, "last.bin"), resumeFrom: checkpoint);
            Console.WriteLine($"after epoch {epochs}: test accuracy {last.TestAccuracy:F4}, test loss {last.TestLoss:F4}");
        }
        Directory.Delete(dir, recursive: true);
        return 0;
    }

}
