using System.Text.Json;
using CnnApi.Architectures;
using CnnApi.Storage;
using CnnApi.Torch.Networks;
using CnnApi.Torch.Training;
using CnnApi.TrainingJobs;
using Microsoft.EntityFrameworkCore;

namespace CnnApi.Models;

/// <summary>
/// Model evaluations, kept as <c>models/{id}/evaluation.json</c> beside the weights: a finished job stages it with
/// the weights, so it is published by the same rename and deleted with the folder. A model trained before
/// evaluations existed gets one computed from its weights at the first request (one at a time on this node),
/// written into its folder for the next.
/// </summary>
public sealed class ModelEvaluations(ModelPaths paths, MnistCache mnist, IDbContextFactory<CnnApiDb> dbs, ILogger<ModelEvaluations> logger)
{
    public const string FileName = "evaluation.json";
    private readonly SemaphoreSlim _computing = new(1, 1);

    public string PathOf(Guid modelId) => Path.Combine(paths.Directory(modelId), FileName);

    /// <summary>The stored evaluation, or one computed now; null when the model's weights are gone.</summary>
    public async Task<ModelEvaluationView?> GetAsync(ModelEntity model, CancellationToken ct)
    {
        if (await ReadAsync(model.Id, ct) is { } stored) return stored;
        if (!File.Exists(paths.Weights(model.Id))) return null;
        await _computing.WaitAsync(ct);
        try
        {
            if (await ReadAsync(model.Id, ct) is { } computedMeanwhile) return computedMeanwhile;
            var testLimit = await TestLimitAsync(model.JobId, ct);
            var layers = NetworkLayers.From(ArchitectureDocuments.SummarizeStored(model.ArchitectureJson));
            var evaluation = await Task.Run(() => ModelEvaluator.Evaluate(layers, paths.Weights(model.Id), mnist.Get(), testLimit, "cpu",
                ModelEvaluationView.WrongDigits, ct), ct);
            var view = ModelEvaluationView.From(model.Id, evaluation, "on-demand", DateTime.UtcNow);
            logger.LogInformation("Model {ModelId} evaluated on demand: {TestCount} test images, accuracy {Accuracy:0.0000}",
                model.Id, view.TestCount, view.Accuracy);
            try { Write(paths.Directory(model.Id), view); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                logger.LogWarning(e, "Model {ModelId}: the evaluation could not be kept (deleted meanwhile, or storage not writable)", model.Id);
            }
            return view;
        }
        finally { _computing.Release(); }
    }

    /// <summary>Writes <c>evaluation.json</c> into <paramref name="folder"/> through a temp file and a rename (never creating the folder).</summary>
    public static void Write(string folder, ModelEvaluationView view)
    {
        var path = Path.Combine(folder, FileName);
        var temp = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var file = new FileStream(temp, FileMode.CreateNew, FileAccess.Write))
            {
                JsonSerializer.Serialize(file, view, JobJson.Options);
                file.Flush(flushToDisk: true);
            }
            File.Move(temp, path, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }

    private async Task<ModelEvaluationView?> ReadAsync(Guid modelId, CancellationToken ct)
    {
        try
        {
            await using var file = File.OpenRead(PathOf(modelId));
            return await JsonSerializer.DeserializeAsync<ModelEvaluationView>(file, JobJson.Options, ct);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return null; }
    }

    /// <summary>The job's <c>testLimit</c>, so the evaluation covers the images its accuracy was measured on.</summary>
    private async Task<int?> TestLimitAsync(Guid jobId, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var json = await db.Jobs.AsNoTracking().Where(j => j.Id == jobId).Select(j => j.RequestJson).FirstOrDefaultAsync(ct);
        if (json is null) return null;
        try { return JsonSerializer.Deserialize<TrainingJobRequest>(json, JobJson.Options)?.TestLimit; }
        catch (JsonException) { return null; }
    }
}
