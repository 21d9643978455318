extern alias CnnApiHost;
using System.Diagnostics;
using System.Text.Json;
using CnnApi.Architectures.Presets;
using CnnApi.Torch.Devices;
using CnnApi.Torch.Mnist;
using CnnApi.Torch.Networks;
using CnnApi.Torch.Training;
using TrainingJobRequest = CnnApiHost::CnnApi.TrainingJobs.TrainingJobRequest;

namespace CnnApi.Benchmarks;

/// <summary>
/// <c>dotnet run -c Release --project tests/CnnApi.Benchmarks -- train-recipe [--preset mnist-bn] [--threads 2]
/// [--mnist data/datasets] [--train-limit N] [--test-limit N] [--epochs N] [--seed N]</c>: trains a preset with its
/// <c>recommendedTraining</c> (augmentation, learning-rate schedule, early stopping) on MNIST as a job would, printing
/// each epoch's history, the stop reason, the training time and the evaluation (confusion matrix) of the published weights.
/// The limits and epochs override the recipe (subset checks); the seed, to show the recipe does not depend on one.
/// </summary>
internal static class RecipeBenchmarkCommand
{
    internal static int Run(string[] args)
    {
        string Option(string name, string fallback) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault() ?? fallback;
        int? OptionalInt(string name) => args.Contains(name) ? int.Parse(Option(name, "")) : null;
        var preset = ArchitecturePresets.Find(Option("--preset", "mnist-bn")) ?? throw new ArgumentException("unknown preset");
        var request = preset.RecommendedTraining!.Value.Deserialize<TrainingJobRequest>(new JsonSerializerOptions(JsonSerializerDefaults.Web))!
            .WithDefaults(42);
        int threads = int.Parse(Option("--threads", Environment.ProcessorCount.ToString()));
        TorchThreads.Set(threads);
        using var data = MnistDataset.Load(Option("--mnist", Path.Combine("data", "datasets")));
        var layers = NetworkLayers.From(preset.Architecture);
        // The same fields TrainingRunner maps from a job's request.
        var options = new TrainingOptions
        {
            Epochs = OptionalInt("--epochs") ?? request.Epochs!.Value, BatchSize = request.BatchSize!.Value, Optimizer = request.Optimizer!,
            LearningRate = request.LearningRate!.Value, ValidationSplit = request.ValidationSplit!.Value, Seed = OptionalInt("--seed") ?? request.Seed!.Value,
            TrainLimit = OptionalInt("--train-limit") ?? request.TrainLimit, TestLimit = OptionalInt("--test-limit") ?? request.TestLimit,
            Augmentation = request.Augmentation?.ToTorch(), EarlyStopping = request.EarlyStopping,
            ReduceLrOnPlateau = request.ReduceLrOnPlateau, LearningRateSchedule = request.LearningRateSchedule,
        };
        var dir = Directory.CreateTempSubdirectory("recipe-bench-").FullName;
        Console.WriteLine($"{preset.Name}, {threads} torch thread(s), seed {options.Seed}, {DateTime.UtcNow:u}, recipe {preset.RecommendedTraining}");

        var clock = Stopwatch.StartNew();
        var result = new Trainer(layers, data, options)
        {
            EpochCompleted = e => Console.WriteLine(
                $"epoch {e.Epoch}: lr {e.LearningRate:G4} loss {e.Loss:F4} acc {e.Accuracy:F4} val_loss {e.ValLoss:F4} val_acc {e.ValAccuracy:F4} " +
                $"{e.Seconds:F1} s {e.ImagesPerSecond:F0} images/s (elapsed {clock.Elapsed.TotalMinutes:F1} min)"),
        }.Run(Path.Combine(dir, "weights.bin"));
        double trainSeconds = result.History.Sum(e => e.Seconds);
        var evaluation = ModelEvaluator.Evaluate(layers, result.WeightsPath, data, options.TestLimit, "cpu", 10);
        Console.WriteLine($"stopped: {(result.StopReason.Length > 0 ? result.StopReason : "all epochs")}");
        Console.WriteLine($"training time {trainSeconds:F0} s ({trainSeconds / 60:F1} min) over {result.History.Count} epochs, " +
                          $"{result.History.Sum(e => e.Seconds * e.ImagesPerSecond) / trainSeconds:F0} images/s; test accuracy {result.TestAccuracy:F4}, " +
                          $"evaluation accuracy {evaluation.Accuracy:F4} ({evaluation.TestCount - evaluation.ConfusionMatrix.Select((r, i) => r[i]).Sum()} wrong of {evaluation.TestCount})");
        Console.WriteLine("confusion matrix (rows: true digit, columns: predicted):");
        foreach (var row in evaluation.ConfusionMatrix) Console.WriteLine(string.Join(" ", row.Select(v => v.ToString().PadLeft(5))));
        Directory.Delete(dir, recursive: true);
        return 0;
    }
}
