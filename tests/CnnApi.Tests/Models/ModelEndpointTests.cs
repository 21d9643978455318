using System.Net;
using System.Text.Json;
using CnnApi.Tests.Infrastructure;

namespace CnnApi.Tests.Models;

/// <summary>The models endpoints over two models trained in the test: list, default, promote, delete, weights.</summary>
public sealed class ModelEndpointTests : IAsyncLifetime, IDisposable
{
    private readonly CnnApiFactory _factory = new();
    private HttpClient _client = null!;
    private string _older = "", _newer = "";

    public async Task InitializeAsync()
    {
        _client = _factory.CreateKeyedClient();
        var jobs = new JobClient(_client);
        foreach (var seed in new[] { 1, 2 })
        {
            var id = (await jobs.StartAsync(new { preset = "mnist-convnet", batchSize = 64, trainLimit = 256, testLimit = 500, seed }))
                .GetProperty("id").GetString()!;
            var job = await jobs.WaitForEndAsync(id);
            Assert.Equal("succeeded", JobClient.Status(job));
            (_older, _newer) = (_newer, job.GetProperty("modelId").GetString()!);
        }
    }

    [Fact]
    public async Task Default_IsNewest_UntilPromoted_AndFallsBackWhenPromotedDeleted()
    {
        Assert.Equal([_newer, _older], await ListIdsAsync());
        Assert.Equal(_newer, await DefaultIdAsync());

        await (await _client.PostAsync($"/api/v1/models/{_older}/promote", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(_older, await DefaultIdAsync());
        var older = await (await _client.GetAsync($"/api/v1/models/{_older}")).JsonAsync(HttpStatusCode.OK);
        Assert.True(older.GetProperty("isDefault").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v1/models/{_older}")).StatusCode);
        Assert.Equal(_newer, await DefaultIdAsync());
        Assert.Equal([_newer], await ListIdsAsync());
    }

    [Fact]
    public async Task Delete_RemovesFilesAndEveryRoute()
    {
        var directory = Path.Combine(_factory.StorageRoot, "models", Guid.Parse(_newer).ToString("N"));
        Assert.True(File.Exists(Path.Combine(directory, "weights.bin")));
        Assert.Equal(HttpStatusCode.NoContent, (await _client.DeleteAsync($"/api/v1/models/{_newer}")).StatusCode);
        Assert.False(Directory.Exists(directory));
        await (await _client.GetAsync($"/api/v1/models/{_newer}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/api/v1/models/{_newer}/weights")).ProblemAsync(HttpStatusCode.NotFound);
        await (await _client.DeleteAsync($"/api/v1/models/{_newer}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PostAsync($"/api/v1/models/{_newer}/promote", null)).ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Ready_DefaultModelWithoutWeights_Returns503()
    {
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync("/health/ready")).StatusCode);
        File.Delete(Path.Combine(_factory.StorageRoot, "models", Guid.Parse(_newer).ToString("N"), "weights.bin"));
        using var restarted = new CnnApiFactory(new Dictionary<string, string?>(), _factory.StorageRoot);
        var report = await (await restarted.CreateClient().GetAsync("/health/ready")).JsonAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Contains("no weights file", report.ToString());
    }

    [Fact]
    public async Task Model_CarriesItsHistoryArchitectureAndHash()
    {
        var model = await (await _client.GetAsync($"/api/v1/models/{_newer}")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("mnist-convnet", model.GetProperty("name").GetString());
        Assert.Equal(1, model.GetProperty("history").GetArrayLength());
        Assert.Equal(7, model.GetProperty("architecture").GetProperty("layers").GetArrayLength());
        Assert.Matches("^[0-9a-f]{64}$", model.GetProperty("weightsSha256").GetString());
    }

    private async Task<List<string>> ListIdsAsync() =>
        (await (await _client.GetAsync("/api/v1/models")).JsonAsync(HttpStatusCode.OK))
            .EnumerateArray().Select(m => m.GetProperty("id").GetString()!).ToList();

    private async Task<string> DefaultIdAsync() =>
        (await (await _client.GetAsync("/api/v1/models")).JsonAsync(HttpStatusCode.OK))
            .EnumerateArray().Single(m => m.GetProperty("isDefault").GetBoolean()).GetProperty("id").GetString()!;

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _factory.Dispose();
}
