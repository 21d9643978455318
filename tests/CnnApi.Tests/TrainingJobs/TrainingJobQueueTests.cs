using System.Net;
using System.Net.Http.Json;
using CnnApi.Tests.Infrastructure;

namespace CnnApi.Tests.TrainingJobs;

/// <summary>The queue on a node whose worker is off: jobs stay queued, so limits and listing are exact.</summary>
public sealed class TrainingJobQueueTests : IDisposable
{
    private readonly CnnApiFactory _factory = new(new Dictionary<string, string?>
    {
        ["Training:WorkerEnabled"] = "false",
        ["Training:MaxQueuedJobs"] = "3",
    });

    [Fact]
    public async Task Queue_Full_Returns429_ThenCancelQueuedFreesASlot()
    {
        var client = _factory.CreateKeyedClient();
        var jobs = new JobClient(client);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add((await jobs.StartAsync(JobClient.QuickJob())).GetProperty("id").GetString()!);

        var full = await client.PostAsJsonAsync("/api/v1/training-jobs", JobClient.QuickJob());
        var problem = await full.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("MaxQueuedJobs", problem.GetProperty("detail").GetString());

        var cancelled = await (await client.PostAsync($"/api/v1/training-jobs/{ids[0]}/cancel", null)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("cancelled", JobClient.Status(cancelled));
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, cancelled.GetProperty("finishedAt").ValueKind);
        await jobs.StartAsync(JobClient.QuickJob());
        await (await client.PostAsync($"/api/v1/training-jobs/{ids[0]}/cancel", null)).ProblemAsync(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task List_PagesNewestFirstAndFiltersByStatus()
    {
        var client = _factory.CreateKeyedClient();
        var jobs = new JobClient(client);
        var ids = new List<string>();
        for (var i = 0; i < 3; i++) ids.Add((await jobs.StartAsync(JobClient.QuickJob())).GetProperty("id").GetString()!);
        await client.PostAsync($"/api/v1/training-jobs/{ids[1]}/cancel", null);

        var first = await (await client.GetAsync("/api/v1/training-jobs?pageSize=2")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(3, first.GetProperty("total").GetInt32());
        Assert.Equal([ids[2], ids[1]], first.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("id").GetString()));
        var second = await (await client.GetAsync("/api/v1/training-jobs?pageSize=2&page=2")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([ids[0]], second.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("id").GetString()));

        var queued = await (await client.GetAsync("/api/v1/training-jobs?status=queued")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([ids[2], ids[0]], queued.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("id").GetString()));
        var cancelled = await (await client.GetAsync("/api/v1/training-jobs?status=Cancelled")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal([ids[1]], cancelled.GetProperty("items").EnumerateArray().Select(j => j.GetProperty("id").GetString()));
    }

    public void Dispose() => _factory.Dispose();
}
