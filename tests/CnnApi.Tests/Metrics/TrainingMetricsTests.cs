using CnnApi.Tests.Infrastructure;

namespace CnnApi.Tests.Metrics;

/// <summary><c>/metrics</c> reports the training speed of the jobs this node runs: epoch seconds and images per second.</summary>
public sealed class TrainingMetricsTests : IDisposable
{
    private readonly CnnApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task Metrics_AfterATwoEpochJob_EpochSecondsAndImagesPerSecondOfItsEpochs()
    {
        var client = _factory.CreateKeyedClient();
        // The collectors are process-wide (other hosts in this test run train too): compare before and after.
        var before = await PrometheusText.ScrapeAsync(client);
        var jobs = new JobClient(client);
        var id = (await jobs.StartAsync(JobClient.QuickJob(epochs: 2, trainLimit: 256))).GetProperty("id").GetString()!;
        var job = await jobs.WaitForEndAsync(id);
        Assert.Equal("succeeded", JobClient.Status(job));

        var after = await PrometheusText.ScrapeAsync(client);
        double Delta(string key) => after[key] - before.GetValueOrDefault(key);
        Assert.True(Delta("cnnapi_training_epochs_total{device=\"cpu\"}") >= 2);
        Assert.True(Delta("cnnapi_training_epoch_seconds_count{device=\"cpu\"}") >= 2);
        var epochSeconds = job.GetProperty("history").EnumerateArray().Sum(e => e.GetProperty("seconds").GetDouble());
        Assert.True(Delta("cnnapi_training_epoch_seconds_sum{device=\"cpu\"}") >= epochSeconds * 0.999);
        Assert.InRange(after["cnnapi_training_images_per_second{device=\"cpu\"}"], 1, 1e7);
    }
}
