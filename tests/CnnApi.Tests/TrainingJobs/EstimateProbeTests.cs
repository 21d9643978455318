using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CnnApi.Tests.Infrastructure;
using CnnApi.TrainingJobs;
using Microsoft.Extensions.DependencyInjection;

namespace CnnApi.Tests.TrainingJobs;

/// <summary>
/// The estimate's probe (<see cref="ArchitectureProbes"/>): a network never timed here at this batch size is timed by
/// training a few batches of it, once (kept per device, architecture and batch size; two requests at once probe once), and
/// its figure gives the time; no probe runs for a job that does not fit, when the fitted figure expects it to be too slow,
/// past a client's share, or while a job trains on the device, and the answer says why. Real libtorch training on the CPU;
/// the worker is off but in the test that needs a job training.
/// </summary>
public sealed class EstimateProbeTests
{
    private static CnnApiFactory Factory(params (string Key, string Value)[] settings) =>
        CnnApiFactory.With([.. settings, ("Training:WorkerEnabled", "false"), ("Training:ProbeEstimates", "true")]);

    private static async Task<JsonElement> Estimate(HttpClient client, object request) =>
        await (await client.PostAsJsonAsync("/api/v1/training-jobs/estimate", request)).JsonAsync(HttpStatusCode.OK);

    private static JsonElement Throughput(JsonElement estimate) => estimate.GetProperty("throughput");

    [Fact]
    public async Task Estimate_NetworkNotTimedHere_IsProbedOnceAndTheFigureGivesTheTime()
    {
        using var factory = Factory();
        var client = factory.CreateClient();
        var probes = factory.Services.GetRequiredService<ArchitectureProbes>();
        var request = new { preset = "lenet5", batchSize = 32, trainLimit = 1000, validationSplit = 0.2, testLimit = 500, epochs = 2 };

        var first = await Estimate(client, request);

        var t = Throughput(first);
        Assert.Equal("probe", t.GetProperty("source").GetString());
        Assert.Equal(JsonValueKind.Null, t.GetProperty("probeSkipped").ValueKind);
        Assert.Equal(1, probes.Runs);
        double ips = t.GetProperty("trainImagesPerSecond").GetDouble();
        Assert.InRange(ips, 1, 1e6);
        // 800 training images and 200 validated (a third of a training image each); then 500 tested after 2 epochs.
        double epoch = 800 / ips + 200 / ips / 3;
        Assert.Equal(epoch, first.GetProperty("secondsPerEpoch").GetDouble(), epoch * 0.01);
        double warmup = first.GetProperty("warmupSeconds").GetDouble();  // what the probe's first epoch paid on top, once
        Assert.InRange(warmup, 0, 60);
        Assert.Equal(2 * epoch + warmup + 500 / ips / 3, first.GetProperty("totalSeconds").GetDouble(), epoch * 0.02);

        var again = await Estimate(client, request with { });
        Assert.Equal(1, probes.Runs);  // kept
        Assert.Equal(t.GetProperty("measuredAt").GetString(), Throughput(again).GetProperty("measuredAt").GetString());
        Assert.Equal(ips, Throughput(again).GetProperty("trainImagesPerSecond").GetDouble());

        var otherBatch = await Estimate(client, new { preset = "lenet5", batchSize = 16 });
        Assert.Equal("probe", Throughput(otherBatch).GetProperty("source").GetString());
        Assert.Equal(2, probes.Runs);  // per-image cost depends on the batch size: measured again
    }

    [Fact]
    public async Task Estimate_TwoRequestsForOneNetworkAtOnce_ProbeOnce()
    {
        using var factory = Factory();
        var client = factory.CreateClient();
        var request = new { preset = "lenet5", batchSize = 24 };

        var both = await Task.WhenAll(Estimate(client, request), Estimate(client, request));

        Assert.All(both, e => Assert.Equal("probe", Throughput(e).GetProperty("source").GetString()));
        Assert.Equal(1, factory.Services.GetRequiredService<ArchitectureProbes>().Runs);
    }

    [Fact]
    public async Task Estimate_PastTheClientsProbesPerMinute_AnswersTheFittedFigureAndSaysWhy()
    {
        using var factory = Factory(("Training:ProbesPerMinute", "1"));
        var client = factory.CreateClient();

        Assert.Equal("probe", Throughput(await Estimate(client, new { preset = "lenet5", batchSize = 16 })).GetProperty("source").GetString());
        var second = Throughput(await Estimate(client, new { preset = "lenet5", batchSize = 8 }));

        Assert.Equal("default", second.GetProperty("source").GetString());
        Assert.Contains("Training:ProbesPerMinute", second.GetProperty("probeSkipped").GetString());
        Assert.Equal(1, factory.Services.GetRequiredService<ArchitectureProbes>().Runs);
    }

    [Fact]
    public async Task Estimate_ProbeExpectedToTakeTooLong_IsNotRunAndTheAnswerSaysWhy()
    {
        using var factory = Factory(("Training:ProbeMaxSeconds", "0.1"));

        var t = Throughput(await Estimate(factory.CreateClient(), new { preset = "seed-same", batchSize = 128 }));

        Assert.Equal("default", t.GetProperty("source").GetString());
        Assert.Contains("Training:ProbeMaxSeconds", t.GetProperty("probeSkipped").GetString());
        Assert.Equal(0, factory.Services.GetRequiredService<ArchitectureProbes>().Runs);
    }

    [Fact]
    public async Task Estimate_JobThatDoesNotFit_RunsNoProbe()
    {
        using var factory = Factory(("Training:MemoryBudgetBytes", "1000000"));

        var e = await Estimate(factory.CreateClient(), new { preset = "seed-valid" });

        Assert.False(e.GetProperty("fits").GetBoolean());
        Assert.Equal("default", Throughput(e).GetProperty("source").GetString());
        Assert.Equal(0, factory.Services.GetRequiredService<ArchitectureProbes>().Runs);
    }

    [Fact]
    public async Task Estimate_WhileAJobTrainsOnTheDevice_RunsNoProbeAndSaysWhy_ThenProbesOnceTheJobEnds()
    {
        // This one needs the worker: a real job training on the CPU while the estimate is asked.
        using var factory = new CnnApiFactory(new Dictionary<string, string?> { ["Training:ProbeEstimates"] = "true" });
        var client = factory.CreateKeyedClient();
        var jobs = new JobClient(client);
        var worker = factory.Services.GetRequiredService<TrainingWorker>();
        var probes = factory.Services.GetRequiredService<ArchitectureProbes>();
        var id = (await jobs.StartAsync(new { preset = "lenet5", epochs = 50, batchSize = 32, trainLimit = 60000, testLimit = 100 }))
            .GetProperty("id").GetString()!;
        await jobs.WaitForAsync(id, j => JobClient.Status(j) == "running" && worker.IsTrainingOn("cpu"));

        var during = Throughput(await Estimate(client, new { preset = "mnist-convnet", batchSize = 48 }));

        Assert.NotEqual("probe", during.GetProperty("source").GetString());
        Assert.Contains("a training job is running on cpu", during.GetProperty("probeSkipped").GetString());
        Assert.Equal(0, probes.Runs);

        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/training-jobs/{id}/cancel", null)).StatusCode);
        await jobs.WaitForEndAsync(id);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (worker.IsTrainingOn("cpu") && DateTime.UtcNow < deadline) await Task.Delay(50);  // the job's thread leaves after its status

        var after = Throughput(await Estimate(client, new { preset = "mnist-convnet", batchSize = 48 }));
        Assert.Equal("probe", after.GetProperty("source").GetString());
        Assert.Equal(1, probes.Runs);
    }

    [Fact]
    public async Task Estimate_ProbesOff_SaysSo()
    {
        using var factory = new CnnApiFactory(new Dictionary<string, string?> { ["Training:WorkerEnabled"] = "false" });

        var t = Throughput(await Estimate(factory.CreateClient(), new { preset = "lenet5" }));

        Assert.Equal("default", t.GetProperty("source").GetString());
        Assert.Contains("Training:ProbeEstimates", t.GetProperty("probeSkipped").GetString());
    }

    [Fact]
    public void NodeThroughput_JobFigureReplacesAProbesKeepingItsWarmup_ButAProbeNeverReplacesAJobs()
    {
        var node = new NodeThroughput();
        var at = DateTimeOffset.UtcNow;
        node.Measured("cpu", "{}", 32, new NodeThroughput.ExactFigure(0.002, "probe", at, WarmupSeconds: 0.5));
        node.Measured("cpu", "{}", 32, new NodeThroughput.ExactFigure(0.001, "job", at));
        node.Measured("cpu", "{}", 32, new NodeThroughput.ExactFigure(0.003, "probe", at));

        Assert.Equal(0.001, node.Exact("cpu", "{}", 32)!.SecondsPerImage);
        Assert.Equal(0.5, node.Exact("cpu", "{}", 32)!.WarmupSeconds);  // the job's figure keeps the probe's warm-up
        Assert.Null(node.Exact("cpu", "{}", 64));
        Assert.Null(node.Exact("cuda:0", "{}", 32));
        Assert.Null(node.Exact("cpu", "{ }", 32));
    }
}
