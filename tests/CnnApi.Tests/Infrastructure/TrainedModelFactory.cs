using System.Net;
using System.Net.Http.Json;

namespace CnnApi.Tests.Infrastructure;

/// <summary>A host with one model trained through the API at start (mnist-convnet, 6,000 images, two epochs: ~95%).</summary>
public sealed class TrainedModelFactory : CnnApiFactory, IAsyncLifetime
{
    public string ModelId { get; private set; } = "";
    public double TestAccuracy { get; private set; }

    public async Task InitializeAsync()
    {
        var jobs = new JobClient(CreateKeyedClient());
        var id = (await jobs.StartAsync(new { preset = "mnist-convnet", epochs = 2, batchSize = 64, trainLimit = 6000, seed = 1 }))
            .GetProperty("id").GetString()!;
        var job = await jobs.WaitForEndAsync(id, seconds: 300);
        Assert.True(JobClient.Status(job) == "succeeded", $"The fixture's model did not train: {job}");
        ModelId = job.GetProperty("modelId").GetString()!;
        TestAccuracy = job.GetProperty("testAccuracy").GetDouble();
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

/// <summary>MNIST test labels, for checking answers.</summary>
public static class MnistLabels
{
    private static readonly Lazy<byte[]> Labels = new(() =>
        File.ReadAllBytes(Path.Combine(TestData.MnistRoot, "t10k-labels-idx1-ubyte"))[8..]);

    public static int Of(int index) => Labels.Value[index];
}
