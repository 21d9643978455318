using System.Net;
using System.Net.Http.Json;
using CnnApi.Tests.Infrastructure;

namespace CnnApi.Tests.TrainingJobs;

/// <summary>Callbacks and continued training end to end through the API, on small MNIST subsets.</summary>
public sealed class TrainingJobCallbackTests(CnnApiFactory factory) : IClassFixture<CnnApiFactory>
{
    private readonly HttpClient _client = factory.CreateKeyedClient();
    private JobClient Jobs => new(_client);

    [Fact]
    public async Task EarlyStopping_StopReasonInTheJobAndTheFinalEvent_EveryEpochRecordsItsRate()
    {
        var job = await Jobs.StartAsync(new
        {
            preset = "mnist-convnet", epochs = 4, batchSize = 64, trainLimit = 512, testLimit = 200, validationSplit = 0.25, seed = 3,
            learningRate = 0.002, learningRateSchedule = new { type = "step", every = 1, factor = 0.5 },
            earlyStopping = new { monitor = "val_loss", minDelta = 100, restoreBestWeights = true },
        });
        var id = job.GetProperty("id").GetString()!;
        Assert.Equal(System.Text.Json.JsonValueKind.Null, job.GetProperty("stopReason").ValueKind);

        var events = await Jobs.ReadEventsAsync(id);

        Assert.Equal([0.002, 0.001], events.Where(e => e.Event == "epoch").Select(e => e.Data.GetProperty("learningRate").GetDouble()));
        var final = events[^1];
        Assert.Equal("status", final.Event);
        var reason = final.Data.GetProperty("stopReason").GetString();
        Assert.StartsWith("early stopping: val_loss did not improve for 1 epoch; restored the weights of epoch 1", reason);
        job = await Jobs.GetAsync(id);
        Assert.Equal(reason, job.GetProperty("stopReason").GetString());
        Assert.Equal(2, job.GetProperty("history").GetArrayLength());
    }

    [Fact]
    public async Task Cancelled_StopReasonSaysSo()
    {
        var job = await Jobs.StartAsync(JobClient.QuickJob(epochs: 50, trainLimit: 4096));
        var id = job.GetProperty("id").GetString()!;
        await (await _client.PostAsync($"/api/v1/training-jobs/{id}/cancel", null)).JsonAsync(HttpStatusCode.OK);

        job = await Jobs.WaitForEndAsync(id);

        Assert.Equal(("cancelled", "cancelled"), (JobClient.Status(job), job.GetProperty("stopReason").GetString()));
    }

    [Fact]
    public async Task ContinuedTraining_NewModelRecordsItsParent_ArchitectureTakenFromTheParent()
    {
        var parentJob = await Jobs.WaitForEndAsync((await Jobs.StartAsync(JobClient.QuickJob())).GetProperty("id").GetString()!);
        Assert.Equal("succeeded", JobClient.Status(parentJob));
        var parentId = parentJob.GetProperty("modelId").GetString()!;

        var child = await Jobs.StartAsync(new { initialModelId = parentId, epochs = 1, batchSize = 64, trainLimit = 256, testLimit = 1000, seed = 8 });
        child = await Jobs.WaitForEndAsync(child.GetProperty("id").GetString()!);

        Assert.Equal("succeeded", JobClient.Status(child));
        Assert.Equal(parentId, child.GetProperty("request").GetProperty("initialModelId").GetString());
        var model = await (await _client.GetAsync($"/api/v1/models/{child.GetProperty("modelId").GetString()}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(parentId, model.GetProperty("parentModelId").GetString());
        Assert.Equal(34_826, model.GetProperty("params").GetInt64());
        // It trained on from the parent's weights: its first epoch is at about the parent's accuracy, not at chance.
        Assert.True(child.GetProperty("history")[0].GetProperty("accuracy").GetDouble() > parentJob.GetProperty("testAccuracy").GetDouble() - 0.1);
        var parent = await (await _client.GetAsync($"/api/v1/models/{parentId}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(System.Text.Json.JsonValueKind.Null, parent.GetProperty("parentModelId").ValueKind);

        // Another architecture: 400 naming initialModelId and the first difference.
        var response = await _client.PostAsJsonAsync("/api/v1/training-jobs", new { preset = "lenet5", initialModelId = parentId });
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("another architecture", problem.ErrorsAt("initialModelId").Single());
        // The same one, named: accepted.
        var same = await Jobs.StartAsync(new { preset = "mnist-convnet", initialModelId = parentId, trainLimit = 64, testLimit = 10 });
        await _client.PostAsync($"/api/v1/training-jobs/{same.GetProperty("id").GetString()}/cancel", null);
    }
}
