using System.Runtime.InteropServices;
using CnnApi.Storage;
using Microsoft.Extensions.Options;

namespace CnnApi.Models;

/// <summary>
/// Where files are under <c>Storage:Root</c>: a model in <c>models/{id}/</c> (<c>weights.bin</c>, <c>metadata.json</c>, and
/// <c>evaluation.json</c> and <c>export-*</c> files written later beside them);
/// each attempt of a job stages its model in <c>models/.staging-{jobId}-{attempt}</c> and checkpoints to
/// <c>checkpoints/{jobId}.{attempt}.ckpt</c>. Files are per attempt so that a worker that lost a job can only
/// touch its own, never the new owner's. Virtual so the tests can inject faults into the file steps.
/// </summary>
public class ModelPaths(IOptions<StorageOptions> storage)
{
    public const string WeightsFile = "weights.bin";
    public const string MetadataFile = "metadata.json";
    private const string StagingPrefix = ".staging-";
    private const string DeletedPrefix = ".deleted-";

    public string ModelsDirectory => storage.Value.ModelsDirectory();
    public string CheckpointsDirectory => storage.Value.CheckpointsDirectory();

    public string Directory(Guid modelId) => Path.Combine(ModelsDirectory, modelId.ToString("N"));
    public string Weights(Guid modelId) => Path.Combine(Directory(modelId), WeightsFile);

    /// <summary>An attempt's staging folder, renamed into place only when the model is complete.</summary>
    public string Staging(Guid jobId, int attempt) => Path.Combine(ModelsDirectory, $"{StagingPrefix}{jobId:N}-{attempt}");

    /// <summary>An attempt's checkpoint (weights, optimizer, epoch, history).</summary>
    public string Checkpoint(Guid jobId, int attempt) => Path.Combine(CheckpointsDirectory, $"{jobId:N}.{attempt}.ckpt");

    /// <summary>The checkpoint an attempt resumes from: its own, else the latest earlier attempt's (or a pre-attempt <c>{jobId}.ckpt</c>).</summary>
    public string? LatestCheckpoint(Guid jobId, int attempt)
    {
        for (var a = attempt; a >= 1; a--)
            if (File.Exists(Checkpoint(jobId, a))) return Checkpoint(jobId, a);
        var legacy = Path.Combine(CheckpointsDirectory, $"{jobId:N}.ckpt");
        return File.Exists(legacy) ? legacy : null;
    }

    /// <summary>
    /// Moves a complete staging folder to <c>models/{modelId}</c> and makes the rename durable (fsync of the models
    /// folder), so that no node can list the model before its files are readable. Idempotent: a retry after the
    /// move already happened does nothing.
    /// </summary>
    public virtual void Publish(Guid jobId, int attempt, Guid modelId)
    {
        var staging = Staging(jobId, attempt);
        if (!System.IO.Directory.Exists(staging) && System.IO.Directory.Exists(Directory(modelId))) return;
        SyncDirectory(staging);
        System.IO.Directory.Move(staging, Directory(modelId));
        SyncDirectory(ModelsDirectory);
    }

    /// <summary>
    /// Deletes a model's folder with everything in it (weights, metadata, evaluation, kept exports). The folder is first
    /// renamed to <c>.deleted-{id}-…</c>, so that no export or evaluation being written can land in it after the delete
    /// began; a renamed folder a crash left behind is removed by <see cref="DeleteLeftovers"/>.
    /// </summary>
    public virtual void DeleteModel(Guid modelId)
    {
        var folder = Directory(modelId);
        if (!System.IO.Directory.Exists(folder)) return;
        var doomed = Path.Combine(ModelsDirectory, $"{DeletedPrefix}{modelId:N}-{Guid.NewGuid():N}");
        try { System.IO.Directory.Move(folder, doomed); }
        catch (DirectoryNotFoundException) { return; }   // deleted by another request meanwhile
        DeleteDirectory(doomed);
    }

    /// <summary>Removes folders a crash left half deleted; returns how many.</summary>
    public int DeleteLeftovers()
    {
        var removed = 0;
        foreach (var dir in System.IO.Directory.EnumerateDirectories(ModelsDirectory, $"{DeletedPrefix}*").ToList())
        {
            try { DeleteDirectory(dir); removed++; }
            catch (IOException) { /* a delete in progress got there first */ }
        }
        return removed;
    }

    /// <summary>Removes an attempt's own staging folder (its checkpoint stays: a later attempt may resume from it).</summary>
    public virtual void DeleteStaging(Guid jobId, int attempt) => DeleteDirectory(Staging(jobId, attempt));

    /// <summary>Removes every attempt's staging folder and checkpoint of a job that has ended (nobody owns it any more).</summary>
    public virtual void DeleteJobFiles(Guid jobId)
    {
        foreach (var dir in System.IO.Directory.EnumerateDirectories(ModelsDirectory, $"{StagingPrefix}{jobId:N}-*")) DeleteDirectory(dir);
        if (!System.IO.Directory.Exists(CheckpointsDirectory)) return;
        foreach (var file in System.IO.Directory.EnumerateFiles(CheckpointsDirectory, $"{jobId:N}.*")) File.Delete(file);
    }

    /// <summary>Job ids that have staging folders or checkpoints.</summary>
    public IEnumerable<Guid> JobsWithFiles()
    {
        var staging = System.IO.Directory.EnumerateDirectories(ModelsDirectory, $"{StagingPrefix}*")
            .Select(d => Path.GetFileName(d)[StagingPrefix.Length..].Split('-')[0]);
        var checkpoints = System.IO.Directory.Exists(CheckpointsDirectory)
            ? System.IO.Directory.EnumerateFiles(CheckpointsDirectory).Select(f => Path.GetFileName(f).Split('.')[0])
            : [];
        return staging.Concat(checkpoints).Select(s => Guid.TryParseExact(s, "N", out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty).Distinct().ToList();
    }

    /// <summary>Model ids that have a published folder.</summary>
    public IEnumerable<Guid> PublishedModels() =>
        System.IO.Directory.EnumerateDirectories(ModelsDirectory)
            .Select(d => Guid.TryParseExact(Path.GetFileName(d), "N", out var id) ? id : Guid.Empty)
            .Where(id => id != Guid.Empty).ToList();

    private static void DeleteDirectory(string path)
    {
        if (System.IO.Directory.Exists(path)) System.IO.Directory.Delete(path, recursive: true);
    }

    /// <summary>fsync of a directory (its entries: a rename inside it), where the OS allows it.</summary>
    private static void SyncDirectory(string path)
    {
        if (!OperatingSystem.IsLinux()) return;
        var fd = open(path, 0x10000 /* O_RDONLY | O_DIRECTORY */);
        if (fd < 0) return;
        try { fsync(fd); }
        finally { close(fd); }
    }

    [DllImport("libc", SetLastError = true)] private static extern int open(string path, int flags);
    [DllImport("libc", SetLastError = true)] private static extern int fsync(int fd);
    [DllImport("libc", SetLastError = true)] private static extern int close(int fd);
}
