using System.Text.Json;
using CnnApi.Architectures;
using CnnApi.Architectures.Summaries;
using CnnApi.Models;
using CnnApi.Torch.Devices;
using CnnApi.Torch.Mnist;
using CnnApi.Torch.Networks;
using CnnApi.Torch.Training;
using CnnApi.Workers;
using Microsoft.Extensions.Options;
using TorchTrainingOptions = CnnApi.Torch.Training.TrainingOptions;

namespace CnnApi.TrainingJobs;

/// <summary>A finished training run, ready to become a model.</summary>
public sealed record TrainingOutcome(TrainingResult Result, ArchitectureSummary Summary)
{
    public double TestAccuracy => Result.TestAccuracy;

    /// <summary>The test-set evaluation of the saved weights (confusion matrix, wrong digits), staged as <c>evaluation.json</c>.</summary>
    public ModelEvaluation? Evaluation { get; init; }
}

/// <summary>
/// Runs one attempt of a job with TorchSharp (synchronously, on the worker's dedicated thread): it resumes from
/// the latest checkpoint of the job (its own or an earlier attempt's), checkpoints to its own file and stages
/// the model in its own folder. <see cref="ModelFor"/> and <see cref="Stage"/> prepare publication.
/// </summary>
public sealed class TrainingRunner(MnistCache mnist, WorkerDevices devices, ModelPaths paths,
    IOptions<TrainingOptions> options, ILogger<TrainingRunner> logger, NodeThroughput throughput)
{
    public TrainingOutcome Run(JobRun run)
    {
        var request = run.Request;
        var summary = ArchitectureDocuments.SummarizeStored(request.Architecture!.Value);
        var device = devices.TorchDevice(run.AssignedDevice);
        run.Device = device == run.AssignedDevice ? device : $"{run.AssignedDevice} (fake; trained on {device})";
        // Per OS thread (OpenMP): set on this job's own thread, whatever the serving threads use.
        TorchThreads.Set(options.Value.TorchThreads > 0 ? options.Value.TorchThreads : Environment.ProcessorCount);

        run.Suspend.ThrowIfCancellationRequested();
        var data = mnist.Get();
        var layers = NetworkLayers.From(summary);
        var trainer = new Trainer(layers, data, new TorchTrainingOptions
        {
            Epochs = request.Epochs!.Value,
            BatchSize = request.BatchSize!.Value,
            Optimizer = request.Optimizer!,
            Momentum = request.Optimizer == "sgd" ? 0.9 : 0,
            LearningRate = request.LearningRate!.Value,
            ValidationSplit = request.ValidationSplit!.Value,
            TrainLimit = request.TrainLimit,
            TestLimit = request.TestLimit,
            Seed = request.Seed!.Value,
            Device = device,
            EarlyStopping = request.EarlyStopping,
            ReduceLrOnPlateau = request.ReduceLrOnPlateau,
            LearningRateSchedule = request.LearningRateSchedule,
            InitialWeightsPath = InitialWeights(run),
            Augmentation = request.Augmentation?.ToTorch(),
        })
        {
            Progress = p => run.ReportProgress(p.Epoch, p.Epochs, p.Batch, p.BatchesPerEpoch),
            EpochCompleted = e =>
            {
                run.FinishedEpochs.Enqueue(e);
                TrainingMetrics.EpochCompleted(e, device);
            },
            // The epochs the checkpoint holds are reported again: one finished just before a crash may never have reached the store.
            Resumed = history => { foreach (var e in history) run.FinishedEpochs.Enqueue(e); },
            CheckpointPath = paths.Checkpoint(run.Job.Id, run.Attempt),
        };
        var staging = paths.Staging(run.Job.Id, run.Attempt);
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        var resume = paths.LatestCheckpoint(run.Job.Id, run.Attempt);
        if (resume is not null) logger.LogInformation("Job {JobId} resumes from {Checkpoint}", run.Job.Id, Path.GetFileName(resume));
        var result = trainer.Run(Path.Combine(staging, ModelPaths.WeightsFile), run.Cancellation, resume, run.Suspend);
        throughput.JobFinished(device, request.Architecture.Value.GetRawText(), summary, request.BatchSize.Value, result.History);  // refines this node's estimates
        // From the file just written, not the network in memory: what is published is what is evaluated.
        var evaluation = ModelEvaluator.Evaluate(layers, result.WeightsPath, data, request.TestLimit, device,
            ModelEvaluationView.WrongDigits, run.Cancellation);
        return new TrainingOutcome(result, summary) { Evaluation = evaluation };
    }

    /// <summary>The parent's weights file of continued training (checked here: the model may have been deleted since submission).</summary>
    private string? InitialWeights(JobRun run)
    {
        if (run.Request.InitialModelId is not { } parent) return null;
        var path = paths.Weights(parent);
        // A resume starts from its checkpoint and no longer needs the parent.
        if (!File.Exists(path) && paths.LatestCheckpoint(run.Job.Id, run.Attempt) is null)
            throw new JobFailedException($"Model {parent} (initialModelId) was deleted before the job started.");
        return path;
    }

    /// <summary>The model row a finished run becomes (its id is new: one per attempt, so retries of this attempt's publication reuse it).</summary>
    public static ModelEntity ModelFor(JobRun run, TrainingOutcome outcome) => new()
    {
        Id = Guid.NewGuid(), JobId = run.Job.Id, Name = run.Job.Name, CreatedAt = DateTime.UtcNow, // the commit stamps it with the store's clock
        TestAccuracy = outcome.Result.TestAccuracy, TestLoss = outcome.Result.TestLoss,
        Params = outcome.Summary.TotalParams, WeightsSha256 = outcome.Result.WeightsSha256,
        WeightsBytes = new FileInfo(outcome.Result.WeightsPath).Length,
        ArchitectureJson = run.Request.Architecture!.Value.GetRawText(),
        HistoryJson = JsonSerializer.Serialize(outcome.Result.History, JobJson.Options),
        ParentModelId = run.Request.InitialModelId,
    };

    /// <summary>Writes <c>metadata.json</c> and <c>evaluation.json</c> (flushed to disk) beside the staged weights.</summary>
    public void Stage(JobRun run, ModelEntity model, TrainingOutcome outcome)
    {
        var path = Path.Combine(paths.Staging(run.Job.Id, run.Attempt), ModelPaths.MetadataFile);
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write);
        JsonSerializer.Serialize(file, new { model = TrainedModel.From(model, false), summary = outcome.Summary }, JobJson.Options);
        file.Flush(flushToDisk: true);
        if (outcome.Evaluation is { } evaluation)
            ModelEvaluations.Write(paths.Staging(run.Job.Id, run.Attempt), ModelEvaluationView.From(model.Id, evaluation, "training", DateTime.UtcNow));
    }

    /// <summary>The message a failed job shows anyone: the reason for expected causes (folders cut from paths), a short sentence otherwise.</summary>
    public static string Describe(Exception e) => e switch
    {
        JobFailedException or MnistDataException or InvalidDataException =>
            System.Text.RegularExpressions.Regex.Replace(e.Message, @"(?<![\w.])(?:[A-Za-z]:)?[\\/](?:[^\s\\/:;,'""]+[\\/])+", ""),
        // What anyone listing jobs sees: no exception types, paths or native backtraces (those stay in the log).
        OutOfMemoryException => "The training ran out of memory; try a smaller batch size or architecture.",
        IOException or UnauthorizedAccessException => "The server could not write the job's files (storage full or not writable); see the server log.",
        _ => "Training failed on the server; the server log has the details under this job's id.",
    };
}

/// <summary>A job cannot run, for a reason its error message states.</summary>
public sealed class JobFailedException(string message) : Exception(message);
