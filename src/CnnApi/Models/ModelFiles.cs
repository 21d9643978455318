using CnnApi.Storage;
using Microsoft.Extensions.Options;

namespace CnnApi.Models;

/// <summary>Where a model's files are: <c>&lt;Storage:Root&gt;/models/{id}/weights.bin</c> and <c>metadata.json</c>.</summary>
public sealed class ModelFiles(IOptions<StorageOptions> storage)
{
    public const string WeightsFile = "weights.bin";
    public const string MetadataFile = "metadata.json";

    public string Directory(Guid id) => Path.Combine(storage.Value.ModelsDirectory, id.ToString("N"));
    public string Weights(Guid id) => Path.Combine(Directory(id), WeightsFile);

    /// <summary>A fresh staging folder beside the final one; renamed into place when complete.</summary>
    public string Staging(Guid id) => Path.Combine(storage.Value.ModelsDirectory, $".staging-{id:N}");

    /// <summary>Moves a complete staging folder to its final name: the model appears whole or not at all.</summary>
    public void Publish(Guid id) => System.IO.Directory.Move(Staging(id), Directory(id));

    public void Delete(Guid id)
    {
        foreach (var dir in new[] { Directory(id), Staging(id) })
            if (System.IO.Directory.Exists(dir)) System.IO.Directory.Delete(dir, recursive: true);
    }
}
