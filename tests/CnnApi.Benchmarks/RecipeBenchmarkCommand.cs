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
/// [--mnist data/datasets] [--train-limit N] [--test-limit N] [--epochs N] [--cosine] [--patience N]</c>: trains a
/// preset with its <c>recommendedTraining</c> on MNIST one epoch at a time (each epoch resumes from the previous
/// one's checkpoint, which is bit-exact), printing each epoch's history, learning rate and test accuracy, then the
/// evaluation (confusion matrix) of the weights kept. <c>--cosine</c> sets each epoch's learning rate to
/// lr·(1 + cos(π·(e−1)/E))/2; <c>--patience N</c> stops after N epochs without a lower validation loss and keeps
/// the best epoch's weights (Keras's EarlyStopping with restore_best_weights).
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
        int epochs = OptionalInt("--epochs") ?? request.Epochs!.Value;
        int? patience = OptionalInt("--patience");
        TorchThreads.Set(threads);
        using var data = MnistDataset.Load(Option("--mnist", Path.Combine("data", "datasets")));
        var layers = NetworkLayers.From(preset.Architecture);
        var options = new TrainingOptions
        {
            BatchSize = request.BatchSize!.Value, Optimizer = request.Optimizer!, LearningRate = request.LearningRate!.Value,
            ValidationSplit = request.ValidationSplit!.Value, Seed = request.Seed!.Value, Augmentation = request.Augmentation?.ToTorch(),
            TrainLimit = OptionalInt("--train-limit") ?? request.TrainLimit, TestLimit = OptionalInt("--test-limit") ?? request.TestLimit,
        };
        var dir = Directory.CreateTempSubdirectory("recipe-bench-").FullName;
        var checkpoint = Path.Combine(dir, "checkpoint");
        Console.WriteLine($"{preset.Name}, {threads} torch thread(s), {DateTime.UtcNow:u}, recipe {preset.RecommendedTraining}");

        var clock = Stopwatch.StartNew();
        double trainSeconds = 0, bestLoss = double.PositiveInfinity;
        int best = 0;
        TrainingResult? last = null;
        for (int epoch = 1; epoch <= epochs; epoch++)
        {
            double lr = args.Contains("--cosine")
                ? options.LearningRate * (1 + Math.Cos(Math.PI * (epoch - 1) / epochs)) / 2 : options.LearningRate;
            var weights = Path.Combine(dir, $"epoch{epoch}.bin");
            last = new Trainer(layers, data, options with { Epochs = epoch, LearningRate = lr }) { CheckpointPath = checkpoint }
                .Run(weights, resumeFrom: epoch == 1 ? null : checkpoint);
            var e = last.History[^1];
            trainSeconds += e.Seconds;
            Console.WriteLine($"epoch {epoch}: lr {lr:G4} loss {e.Loss:F4} acc {e.Accuracy:F4} val_loss {e.ValLoss:F4} val_acc {e.ValAccuracy:F4} " +
                              $"{e.Seconds:F1} s {e.ImagesPerSecond:F0} images/s; test accuracy {last.TestAccuracy:F4} (elapsed {clock.Elapsed.TotalMinutes:F1} min)");
            if ((e.ValLoss ?? e.Loss) < bestLoss) (bestLoss, best) = (e.ValLoss ?? e.Loss, epoch);
            if (patience is { } p && epoch - best >= p)
            {
                Console.WriteLine($"early stopping: no lower validation loss for {p} epochs; keeping epoch {best}");
                break;
            }
        }
        var kept = patience is null ? last!.History.Count : best;
        var evaluation = ModelEvaluator.Evaluate(layers, Path.Combine(dir, $"epoch{kept}.bin"), data, options.TestLimit, "cpu", 10);
        Console.WriteLine($"training time {trainSeconds:F0} s ({trainSeconds / 60:F1} min) over {last!.History.Count} epochs; " +
                          $"kept epoch {kept}: test accuracy {evaluation.Accuracy:F4} ({evaluation.TestCount - (int)Math.Round(evaluation.Accuracy * evaluation.TestCount)} wrong)");
        Console.WriteLine("confusion matrix (rows: true digit, columns: predicted):");
        foreach (var row in evaluation.ConfusionMatrix) Console.WriteLine(string.Join(" ", row.Select(v => v.ToString().PadLeft(5))));
        Directory.Delete(dir, recursive: true);
        return 0;
    }
}
