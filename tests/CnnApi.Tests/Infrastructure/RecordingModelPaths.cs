using System.Collections.Concurrent;
using CnnApi.Models;
using CnnApi.Storage;
using Microsoft.Extensions.Options;

namespace CnnApi.Tests.Infrastructure;

/// <summary>The real file steps, each recorded (operation, job or model id, attempt) so a test can say what a worker did to which files.</summary>
public sealed class RecordingModelPaths(IOptions<StorageOptions> storage) : ModelPaths(storage)
{
    public ConcurrentQueue<(string Operation, Guid Id, int Attempt)> Steps { get; } = new();

    public override void Publish(Guid jobId, int attempt, Guid modelId)
    {
        Steps.Enqueue(("publish", jobId, attempt));
        base.Publish(jobId, attempt, modelId);
    }

    public override void DeleteModel(Guid modelId)
    {
        Steps.Enqueue(("delete-model", modelId, 0));
        base.DeleteModel(modelId);
    }

    public override void DeleteStaging(Guid jobId, int attempt)
    {
        Steps.Enqueue(("delete-staging", jobId, attempt));
        base.DeleteStaging(jobId, attempt);
    }

    public override void DeleteJobFiles(Guid jobId)
    {
        Steps.Enqueue(("delete-job-files", jobId, 0));
        base.DeleteJobFiles(jobId);
    }
}
