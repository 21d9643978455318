using CnnApi.Storage;
using Microsoft.Extensions.Options;

namespace CnnApi.Models;

/// <summary>
/// Where a model's files are: <c>&lt;Storage:Root&gt;/models/{id}/weights.bin</c> and <c>metadata.json</c>,
/// and where a job stages them (<c>models/.staging-{jobId}</c>) and keeps its checkpoint.
/// </summary>
public sealed class ModelPaths(IOptions<StorageOptions> storage)
{
    public const string WeightsFile = "weights.bin";
    public const string MetadataFile = "metadata.json";

    public string Directory(Guid modelId) => Path.Combine(storage.Value.ModelsDirectory(), modelId.ToString("N"));
    public string Weights(Guid modelId) => Path.Combine(Directory(modelId), WeightsFile);

    /// <summary>A job's staging folder, renamed into place only when the model is complete.</summary>
    public string Staging(Guid jobId) => Path.Combine(storage.Value.ModelsDirectory(), $".staging-{jobId:N}");

    /// <summary>A job's checkpoint (weights, optimizer, epoch, history), kept until the job ends.</summary>
    public string Checkpoint(Guid jobId) => Path.Combine(storage.Value.CheckpointsDirectory(), $"{jobId:N}.ckpt");

    /// <summary>Moves a complete staging folder to its final name: the model appears whole or not at all.</summary>
    public void Publish(Guid jobId, Guid modelId) => System.IO.Directory.Move(Staging(jobId), Directory(modelId));

    public void DeleteModel(Guid modelId) => DeleteDirectory(Directory(modelId));

    /// <summary>Removes what a job that will not succeed left: its staging folder and its checkpoint.</summary>
    public void DeleteJobFiles(Guid jobId)
    {
        DeleteDirectory(Staging(jobId));
        File.Delete(Checkpoint(jobId));
    }

    private static void DeleteDirectory(string path)
    {
        if (System.IO.Directory.Exists(path)) System.IO.Directory.Delete(path, recursive: true);
    }
}
