using System.Text.Json;
using CnnApi.Architectures;
using CnnApi.Architectures.Summaries;
using CnnApi.Models;
using CnnApi.Torch.Devices;
using CnnApi.Torch.Mnist;
using CnnApi.Torch.Networks;
using CnnApi.Torch.Training;
using Microsoft.Extensions.Options;
using TorchTrainingOptions = CnnApi.Torch.Training.TrainingOptions;

namespace CnnApi.TrainingJobs;

/// <summary>A finished training run, ready to become a model.</summary>
public sealed record TrainingOutcome(TrainingResult Result, ArchitectureSummary Summary)
{
    public double TestAccuracy => Result.TestAccuracy;
}

/// <summary>
/// Runs one job with TorchSharp (synchronously, on the worker's dedicated thread), then publishes its model:
/// weights and metadata staged in a folder that is renamed into place whole, and the model row added in
/// the same transaction that marks the job succeeded.
/// </summary>
public sealed class TrainingRunner(MnistCache mnist, ICudaProbe cuda, ModelPaths paths, JobStore store,
    IOptions<TrainingOptions> options, ILogger<TrainingRunner> logger)
{
    public TrainingOutcome Run(JobRun run)
    {
        var request = run.Request;
        var summary = ArchitectureDocuments.SummarizeStored(request.Architecture!.Value);
        var device = DeviceSelector.Choose(request.Device, cuda);
        if (device.Error is { } error) throw new JobFailedException(error);
        run.Device = device.Device;
        // Per OS thread (OpenMP): set on this job's own thread, whatever the serving threads use.
        TorchThreads.Set(options.Value.TorchThreads > 0 ? options.Value.TorchThreads : Environment.ProcessorCount);

        run.Suspend.ThrowIfCancellationRequested();
        var data = mnist.Get();
        var layers = NetworkLayers.From(summary);
        var checkpoint = paths.Checkpoint(run.Job.Id);
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
            Device = device.Device!,
        })
        {
            Progress = p => run.ReportProgress(p.Epoch, p.Epochs, p.Batch, p.BatchesPerEpoch),
            EpochCompleted = e => run.FinishedEpochs.Enqueue(e),
            CheckpointPath = checkpoint,
        };
        var staging = paths.Staging(run.Job.Id);
        if (Directory.Exists(staging)) Directory.Delete(staging, recursive: true);
        Directory.CreateDirectory(staging);
        var resume = File.Exists(checkpoint) ? checkpoint : null;
        if (resume is not null) logger.LogInformation("Job {JobId} resumes from its checkpoint", run.Job.Id);
        var result = trainer.Run(Path.Combine(staging, ModelPaths.WeightsFile), run.Cancellation, resume, run.Suspend);
        return new TrainingOutcome(result, summary);
    }

    /// <summary>Writes the metadata, moves the model into place, records it and finishes the job.</summary>
    public async Task CompleteAsync(JobRun run, TrainingOutcome outcome, string owner)
    {
        var job = run.Job;
        var modelId = Guid.NewGuid();
        var history = JsonSerializer.Serialize(outcome.Result.History, JobJson.Options);
        var architecture = run.Request.Architecture!.Value.GetRawText();
        var model = new ModelEntity
        {
            Id = modelId, JobId = job.Id, Name = job.Name, CreatedAt = store.Now,
            TestAccuracy = outcome.Result.TestAccuracy, TestLoss = outcome.Result.TestLoss,
            Params = outcome.Summary.TotalParams, WeightsSha256 = outcome.Result.WeightsSha256,
            WeightsBytes = new FileInfo(outcome.Result.WeightsPath).Length, ArchitectureJson = architecture, HistoryJson = history,
        };
        await File.WriteAllTextAsync(Path.Combine(paths.Staging(job.Id), ModelPaths.MetadataFile),
            JsonSerializer.Serialize(new { model = TrainedModel.From(model, false), summary = outcome.Summary }, JobJson.Options));
        paths.Publish(job.Id, modelId);
        bool recorded;
        try
        {
            recorded = await store.CompleteWithModelAsync(job.Id, owner, model, j =>
            {
                j.Status = TrainingJobStatus.Succeeded;
                j.FinishedAt = store.Now;
                j.TestAccuracy = outcome.Result.TestAccuracy;
                j.TestLoss = outcome.Result.TestLoss;
                j.ModelId = modelId;
                j.HistoryJson = history;
                j.LeaseOwner = null;
                j.LeaseExpiresAt = null;
            }, CancellationToken.None);
        }
        catch
        {
            paths.DeleteModel(modelId);
            throw;
        }
        if (!recorded)
        {
            // This worker stalled past its lease and another took the job over: that one's result counts.
            paths.DeleteModel(modelId);
            logger.LogWarning("Job {JobId} finished here after its lease was taken over; this result is discarded", job.Id);
            return;
        }
        File.Delete(paths.Checkpoint(job.Id));
    }

    /// <summary>Removes what a failed or cancelled job left behind.</summary>
    public void Discard(Guid jobId) => paths.DeleteJobFiles(jobId);

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
