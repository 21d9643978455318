using CnnApi.Predictions;
using Microsoft.Extensions.DependencyInjection;

namespace CnnApi.Tests.Infrastructure;

/// <summary>
/// A host holding three small real models (mnist-convnet; the first on 1,024 images, the others on 128, only to be
/// loaded) with room in the prediction cache for one, so tests can make models leave and come back, and damage one.
/// </summary>
public sealed class SmallModelsFactory() : CnnApiFactory(new Dictionary<string, string?> { ["Predictions:CacheCapacity"] = "1" }), IAsyncLifetime
{
    public IReadOnlyList<Guid> Models { get; private set; } = [];

    public ModelCache Cache => Services.GetRequiredService<ModelCache>();

    public async Task InitializeAsync()
    {
        var jobs = new JobClient(CreateKeyedClient());
        var ids = new List<Guid>();
        foreach (var (seed, images) in new[] { (11, 1024), (12, 128), (13, 128) })
        {
            var id = (await jobs.StartAsync(new { preset = "mnist-convnet", batchSize = 64, trainLimit = images, testLimit = 100, seed })).GetProperty("id").GetString()!;
            var job = await jobs.WaitForEndAsync(id, seconds: 300);
            Assert.True(JobClient.Status(job) == "succeeded", $"A fixture model did not train: {job}");
            ids.Add(Guid.Parse(job.GetProperty("modelId").GetString()!));
        }
        Models = ids;
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}
