using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CnnApi.Tests.Infrastructure;
using CnnApi.Tests.Predictions;

namespace CnnApi.Tests.Workers;

/// <summary>
/// Scale-out with real processes against the real PostgreSQL server: jobs spread over three worker processes run
/// exactly once; a worker killed with SIGKILL mid-job has its job finished from the checkpoint by another after
/// the lease; an API-only process serves a model a worker process trained; devices decide who claims what.
/// </summary>
public sealed class MultiProcessTests(ClusterFixture cluster) : IClassFixture<ClusterFixture>
{
    private JobClient Jobs => new(cluster.Api.Client);

    private static object Tiny(int epochs = 1, int trainLimit = 256, string device = "auto") =>
        new { preset = "mnist-convnet", epochs, batchSize = 64, trainLimit, testLimit = 100, seed = 3, device };

    private static string Owner(JsonElement job) => job.GetProperty("worker").GetString()!;
    private static int Pid(string workerId) => int.Parse(workerId.Split(':')[1]);

    [Fact]
    public async Task ThreeWorkerProcesses_TwentyQueuedJobs_EachRunsExactlyOnceAndSucceeds()
    {
        var ids = new List<string>();
        for (var i = 0; i < 20; i++) ids.Add((await Jobs.StartAsync(Tiny())).GetProperty("id").GetString()!);
        var jobs = new List<JsonElement>();
        foreach (var id in ids) jobs.Add(await Jobs.WaitForEndAsync(id, seconds: 240));

        Assert.All(jobs, j => Assert.Equal("succeeded", JobClient.Status(j)));
        Assert.All(jobs, j => Assert.Equal(1, j.GetProperty("attempts").GetInt32())); // claimed once: never run twice
        Assert.True(jobs.Select(Owner).Distinct().Count() >= 2, "the jobs did not spread over the worker processes");
        var models = await (await cluster.Api.Client.GetAsync("/api/v1/models")).JsonAsync(HttpStatusCode.OK);
        var modelJobs = models.EnumerateArray().Select(m => m.GetProperty("jobId").GetString()!).Where(ids.Contains).ToList();
        Assert.Equal(20, modelJobs.Count);
        Assert.Equal(20, modelJobs.Distinct().Count()); // one model per job
    }

    [Fact]
    public async Task ApiOnlyProcess_ServesPredictionsOfAModelAWorkerProcessTrained()
    {
        var job = await Jobs.WaitForEndAsync((await Jobs.StartAsync(Tiny(trainLimit: 1024))).GetProperty("id").GetString()!, seconds: 240);
        Assert.Equal("succeeded", JobClient.Status(job));
        Assert.DoesNotContain($":{cluster.Api.Pid}:", Owner(job)); // trained elsewhere
        var modelId = job.GetProperty("modelId").GetString()!;

        using var form = new MultipartFormDataContent();
        var digit = MnistTestDigits.Load(1)[0];
        form.Add(new ByteArrayContent(PngWriter.Grey8(digit, 28, 28)), "image", "digit.png");
        var prediction = await (await cluster.Api.Client.PostAsync($"/api/v1/models/{modelId}/predictions", form)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(modelId, prediction.GetProperty("modelId").GetString());
        Assert.InRange(prediction.GetProperty("digit").GetInt32(), 0, 9);
    }

    [Fact]
    public async Task FakeCudaWorkerProcess_TakesTheCudaJobs_CpuOnlyWorkersNeverDo()
    {
        var refused = await cluster.Api.Client.PostAsJsonAsync("/api/v1/training-jobs", Tiny(device: "cuda"));
        Assert.Contains("the devices on offer are cpu", Assert.Single((await refused.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsAt("device")));

        // Training:FakeCudaDevices (tests only) makes this CPU process offer one fake GPU; its jobs train on the CPU.
        var gpu = await cluster.StartWorkerAsync(("Training:FakeCudaDevices", "1"));
        Dictionary<int, string> offers;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            await Task.Delay(200); // the worker registers just after it starts serving
            var workers = await (await cluster.Api.Client.GetAsync("/api/v1/workers")).JsonAsync(HttpStatusCode.OK);
            offers = workers.EnumerateArray().ToDictionary(w => Pid(w.GetProperty("id").GetString()!),
                w => string.Join(",", w.GetProperty("devices").EnumerateArray().Select(d => d.GetString())));
        } while (!offers.ContainsKey(gpu.Pid) && DateTime.UtcNow < deadline);
        Assert.Equal("cpu,cuda:0", offers[gpu.Pid]);
        Assert.All(offers.Where(o => o.Key != gpu.Pid), o => Assert.Equal("cpu", o.Value));

        var cuda = new List<string>();
        var cpu = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            cuda.Add((await Jobs.StartAsync(Tiny(device: "cuda"))).GetProperty("id").GetString()!);
            cpu.Add((await Jobs.StartAsync(Tiny(device: "cpu"))).GetProperty("id").GetString()!);
        }
        foreach (var id in cuda)
        {
            var job = await Jobs.WaitForEndAsync(id, seconds: 240);
            Assert.Equal("succeeded", JobClient.Status(job));
            Assert.Equal(gpu.Pid, Pid(Owner(job))); // only the worker offering a GPU ran it
            Assert.StartsWith("cuda:0 (fake", job.GetProperty("device").GetString());
        }
        foreach (var id in cpu) Assert.Equal("succeeded", JobClient.Status(await Jobs.WaitForEndAsync(id, seconds: 240)));
        lock (cluster.Workers) cluster.Workers.Remove(gpu);
        gpu.Dispose();
    }

    [Fact]
    public async Task WorkerKilledMidJob_AnotherFinishesItFromTheCheckpointAfterTheLease_TwoAttempts()
    {
        var id = (await Jobs.StartAsync(Tiny(epochs: 3, trainLimit: 2048))).GetProperty("id").GetString()!;
        var running = await Jobs.WaitForAsync(id, j => j.GetProperty("history").GetArrayLength() >= 1, seconds: 240);
        var firstEpoch = running.GetProperty("history")[0].ToString();
        var victim = cluster.Workers.Single(w => w.Pid == Pid(Owner(running)));

        victim.Kill();
        Assert.True(victim.HasExited);
        var replacement = cluster.StartWorkerAsync(); // keep three workers for the other tests

        var job = await Jobs.WaitForEndAsync(id, seconds: 240);
        Assert.Equal("succeeded", JobClient.Status(job));
        Assert.Equal(2, job.GetProperty("attempts").GetInt32());
        Assert.NotEqual(Owner(running), Owner(job));
        Assert.Equal(firstEpoch, job.GetProperty("history")[0].ToString()); // resumed from the checkpoint, not trained again
        Assert.Equal([1, 2, 3], job.GetProperty("history").EnumerateArray().Select(h => h.GetProperty("epoch").GetInt32()));
        await replacement;
    }
}
