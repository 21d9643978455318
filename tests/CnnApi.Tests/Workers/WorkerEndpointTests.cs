using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CnnApi.Tests.Infrastructure;

namespace CnnApi.Tests.Workers;

/// <summary><c>GET /api/v1/workers</c>, and submission against the devices workers offer.</summary>
public sealed class WorkerEndpointTests
{
    private static async Task<JsonElement> WorkersAsync(HttpClient client)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var workers = await (await client.GetAsync("/api/v1/workers")).JsonAsync(HttpStatusCode.OK);
            if (workers.GetArrayLength() > 0 || DateTime.UtcNow > deadline) return workers;
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Workers_ListsThisNodesWorker_WithItsDevicesAndHeartbeat()
    {
        using var factory = new CnnApiFactory();
        var client = factory.CreateKeyedClient();
        var worker = (await WorkersAsync(client)).EnumerateArray().Single();
        Assert.Equal(["cpu"], worker.GetProperty("devices").EnumerateArray().Select(d => d.GetString()));
        Assert.Equal(Environment.MachineName, worker.GetProperty("host").GetString());
        Assert.Contains($":{Environment.ProcessId}:", worker.GetProperty("id").GetString());
        Assert.Empty(worker.GetProperty("currentJobs").EnumerateArray());
        Assert.InRange(worker.GetProperty("lastHeartbeat").GetDateTime(), DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1));
    }

    [Fact]
    public async Task Workers_FakeCudaDevicesForTests_OfferedAsGpus_CudaJobAccepted()
    {
        using var factory = new CnnApiFactory(new Dictionary<string, string?> { ["Training:FakeCudaDevices"] = "2", ["Training:WorkerEnabled"] = "true" });
        var client = factory.CreateKeyedClient();
        var worker = (await WorkersAsync(client)).EnumerateArray().Single();
        Assert.Equal(["cpu", "cuda:0", "cuda:1"], worker.GetProperty("devices").EnumerateArray().Select(d => d.GetString()));
        var response = await client.PostAsJsonAsync("/api/v1/training-jobs", new { preset = "mnist-convnet", trainLimit = 64, testLimit = 10, device = "cuda:1" });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Submit_DeviceNoWorkerOffers_400NamingTheDevicesOnOffer()
    {
        using var factory = new CnnApiFactory();
        var client = factory.CreateKeyedClient();
        foreach (var device in new[] { "cuda", "cuda:0" })
        {
            var problem = await (await client.PostAsJsonAsync("/api/v1/training-jobs", new { preset = "mnist-convnet", device }))
                .ProblemAsync(HttpStatusCode.BadRequest);
            var message = Assert.Single(problem.ErrorsAt("device"));
            Assert.Contains($"No worker offers {device}", message);
            Assert.Contains("the devices on offer are cpu", message);
        }
        var bad = await (await client.PostAsJsonAsync("/api/v1/training-jobs", new { preset = "mnist-convnet", device = "tpu" }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("is not a device", Assert.Single(bad.ErrorsAt("device")));
    }

    [Fact]
    public async Task QueuedJob_NoLiveWorker_SaysWhatItWaitsFor()
    {
        using var factory = new CnnApiFactory(new Dictionary<string, string?> { ["Training:WorkerEnabled"] = "false" });
        var client = factory.CreateKeyedClient();
        Assert.Empty((await (await client.GetAsync("/api/v1/workers")).JsonAsync(HttpStatusCode.OK)).EnumerateArray());
        var job = await new JobClient(client).StartAsync(JobClient.QuickJob());
        var read = await new JobClient(client).GetAsync(job.GetProperty("id").GetString()!);
        Assert.Contains("no worker is live", read.GetProperty("waitingFor").GetString());
    }

    [Fact]
    public async Task GpuWorkerStoppedCleanly_ScaledToZero_CudaJobStillAcceptedAndWaits()
    {
        var root = CnnApiFactory.NewStorageRoot();
        try
        {
            using (var gpu = new CnnApiFactory(new Dictionary<string, string?> { ["Training:FakeCudaDevices"] = "1" }, root))
                Assert.Single((await WorkersAsync(gpu.CreateKeyedClient())).EnumerateArray());
            // The GPU worker's host has stopped (as when an autoscaler scales workers to zero); an API-only node remains.
            using var api = new CnnApiFactory(new Dictionary<string, string?> { ["Training:WorkerEnabled"] = "false" }, root);
            var client = api.CreateKeyedClient();
            Assert.Empty((await (await client.GetAsync("/api/v1/workers")).JsonAsync(HttpStatusCode.OK)).EnumerateArray());
            var job = await (await client.PostAsJsonAsync("/api/v1/training-jobs",
                new { preset = "mnist-convnet", trainLimit = 64, testLimit = 10, device = "cuda" })).JsonAsync(HttpStatusCode.Accepted);
            Assert.Equal("queued", job.GetProperty("status").GetString());
            var read = await new JobClient(client).GetAsync(job.GetProperty("id").GetString()!);
            Assert.Contains("no worker is live", read.GetProperty("waitingFor").GetString());
        }
        finally
        {
            if (Directory.Exists(root)) Directory.Delete(root, recursive: true);
        }
    }
}
