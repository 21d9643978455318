using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using CnnApi.Tests.Infrastructure;

namespace CnnApi.Tests.TrainingJobs;

/// <summary>Real jobs on small MNIST subsets, end to end through the API.</summary>
public sealed class TrainingJobLifecycleTests(CnnApiFactory factory) : IClassFixture<CnnApiFactory>
{
    private readonly HttpClient _client = factory.CreateKeyedClient();
    private JobClient Jobs => new(_client);

    [Fact]
    public async Task Job_SubmitToPrediction_EventsModelPromoteWeights()
    {
        var job = await Jobs.StartAsync(JobClient.QuickJob(epochs: 2));
        var id = job.GetProperty("id").GetString()!;
        Assert.Equal("queued", JobClient.Status(job));
        Assert.Equal(7, job.GetProperty("request").GetProperty("seed").GetInt32());

        var events = await Jobs.ReadEventsAsync(id);
        Assert.Equal("job", events[0].Event);
        Assert.Equal([1, 2], events.Where(e => e.Event == "epoch").Select(e => e.Data.GetProperty("epoch").GetInt32()));
        var final = events[^1];
        Assert.Equal("status", final.Event);
        Assert.Equal("succeeded", final.Data.GetProperty("status").GetString());
        var ids = events.Where(e => e.Id is not null).Select(e => long.Parse(e.Id!)).ToList();
        Assert.Equal(ids.Order(), ids);

        // Reconnecting after the first epoch replays only what followed it.
        var resumed = await Jobs.ReadEventsAsync(id, events.First(e => e.Event == "epoch").Id);
        Assert.Equal([2], resumed.Where(e => e.Event == "epoch").Select(e => e.Data.GetProperty("epoch").GetInt32()));

        job = await Jobs.GetAsync(id);
        Assert.Equal("cpu", job.GetProperty("device").GetString());
        Assert.Equal(2, job.GetProperty("history").GetArrayLength());
        var history = job.GetProperty("history")[1];
        Assert.InRange(history.GetProperty("accuracy").GetDouble(), 0.3, 1);
        Assert.True(history.GetProperty("valAccuracy").GetDouble() > 0);
        Assert.True(history.GetProperty("imagesPerSecond").GetDouble() > 0);
        Assert.InRange(job.GetProperty("testAccuracy").GetDouble(), 0.5, 1);
        var modelId = job.GetProperty("modelId").GetString()!;

        var models = await (await _client.GetAsync("/api/v1/models")).JsonAsync(HttpStatusCode.OK);
        Assert.Contains(models.EnumerateArray(), m => m.GetProperty("id").GetString() == modelId);
        var model = await (await _client.GetAsync($"/api/v1/models/{modelId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(34_826, model.GetProperty("params").GetInt64());
        Assert.Equal(id, model.GetProperty("jobId").GetString());

        var promoted = await (await _client.PostAsync($"/api/v1/models/{modelId}/promote", null)).JsonAsync(HttpStatusCode.OK);
        Assert.True(promoted.GetProperty("isDefault").GetBoolean());

        var weights = await _client.GetAsync($"/api/v1/models/{modelId}/weights");
        Assert.Equal(HttpStatusCode.OK, weights.StatusCode);
        var bytes = await weights.Content.ReadAsByteArrayAsync();
        var sha = Convert.ToHexStringLower(SHA256.HashData(bytes));
        Assert.Equal(model.GetProperty("weightsSha256").GetString(), sha);
        Assert.Equal(sha, weights.Headers.GetValues("X-Weights-SHA256").Single());
        Assert.Equal(model.GetProperty("weightsBytes").GetInt64(), bytes.Length);

        var metadata = Path.Combine(factory.StorageRoot, "models", Guid.Parse(modelId).ToString("N"), "metadata.json");
        Assert.Contains("\"summary\"", await File.ReadAllTextAsync(metadata));
        Assert.False(File.Exists(Path.Combine(factory.StorageRoot, "checkpoints", $"{Guid.Parse(id):N}.ckpt")));
    }

    [Fact]
    public async Task Cancel_RunningJob_StopsWithinABatchAndLeavesNothing()
    {
        var job = await Jobs.StartAsync(JobClient.QuickJob(epochs: 50, trainLimit: 4096));
        var id = job.GetProperty("id").GetString()!;
        await Jobs.WaitForAsync(id, j => j.GetProperty("progress").ValueKind != System.Text.Json.JsonValueKind.Null);

        var cancel = await (await _client.PostAsync($"/api/v1/training-jobs/{id}/cancel", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("running", JobClient.Status(cancel));
        job = await Jobs.WaitForEndAsync(id, seconds: 30);
        Assert.Equal("cancelled", JobClient.Status(job));
        Assert.Equal(System.Text.Json.JsonValueKind.Null, job.GetProperty("modelId").ValueKind);
        Assert.False(Directory.Exists(Path.Combine(factory.StorageRoot, "models", $".staging-{Guid.Parse(id):N}")));
        Assert.False(File.Exists(Path.Combine(factory.StorageRoot, "checkpoints", $"{Guid.Parse(id):N}.ckpt")));
        var models = await (await _client.GetAsync("/api/v1/models")).JsonAsync(HttpStatusCode.OK);
        Assert.DoesNotContain(models.EnumerateArray(), m => m.GetProperty("jobId").GetString() == id);

        // Cancelling what has ended is a conflict.
        await (await _client.PostAsync($"/api/v1/training-jobs/{id}/cancel", null)).ProblemAsync(HttpStatusCode.Conflict);
    }
}
