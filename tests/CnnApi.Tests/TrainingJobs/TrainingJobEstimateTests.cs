using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using CnnApi.Tests.Infrastructure;
using CnnApi.TrainingJobs;
using Microsoft.Extensions.DependencyInjection;

namespace CnnApi.Tests.TrainingJobs;

/// <summary>
/// POST /api/v1/training-jobs/estimate: time and memory before anything runs, the same validation as a submission, no key;
/// and a submission whose memory does not fit the node's budget refused with the numbers (issue 13's 1×1 Conv2D with
/// 2^20 filters on a 4096² input). The worker is off: nothing here may train by accident.
/// </summary>
public sealed class TrainingJobEstimateTests : IDisposable
{
    private readonly CnnApiFactory _factory = new(new Dictionary<string, string?> { ["Training:WorkerEnabled"] = "false" });

    /// <summary>Resizing to 4096² (MNIST comes in at 28×28), a 1×1 Conv2D with 2^20 filters: 2^44 floats per image.</summary>
    private const string Oversize = """
        {"architecture":{"inputShape":[28,28,1],"layers":[
          {"type":"Resizing","height":4096,"width":4096},
          {"type":"Conv2D","filters":1048576,"kernelSize":1,"activation":"relu"},
          {"type":"GlobalAveragePooling2D"},
          {"type":"Dense","units":10,"activation":"softmax"}]}}
        """;

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Estimate_PresetWithoutApiKey_AnswersTimeMemoryAndTheRun()
    {
        var response = await _factory.CreateClient().PostAsJsonAsync("/api/v1/training-jobs/estimate",
            new { preset = "seed-valid", epochs = 3, batchSize = 128, validationSplit = 0.1 });
        var e = await response.JsonAsync(HttpStatusCode.OK);

        Assert.Equal("cpu", e.GetProperty("device").GetString());
        var memory = e.GetProperty("memory");
        Assert.Equal(2_002_698L * 4, memory.GetProperty("weightsBytes").GetInt64());
        Assert.Equal(2_002_698L * 4, memory.GetProperty("gradientsBytes").GetInt64());
        Assert.Equal(2_002_698L * 4 * 4, memory.GetProperty("optimizerBytes").GetInt64());  // Adam, the default
        Assert.Equal(0, memory.GetProperty("bestWeightsBytes").GetInt64());  // no earlyStopping.restoreBestWeights
        long sum = new[] { "weightsBytes", "gradientsBytes", "optimizerBytes", "activationsBytes", "runtimeBytes" }.Sum(p => memory.GetProperty(p).GetInt64());
        Assert.Equal(sum, memory.GetProperty("totalBytes").GetInt64());
        Assert.True(e.GetProperty("fits").GetBoolean());
        Assert.True(e.GetProperty("memoryBudgetBytes").GetInt64() > sum);
        double perEpoch = e.GetProperty("secondsPerEpoch").GetDouble();
        Assert.True(perEpoch > 0);
        Assert.True(e.GetProperty("totalSeconds").GetDouble() > 3 * perEpoch);  // plus the final test
        Assert.Equal("default", e.GetProperty("throughput").GetProperty("source").GetString());  // calibration is off in this factory
        var run = e.GetProperty("run");
        Assert.Equal((54_000, 6_000, 10_000, "adam"), (run.GetProperty("trainImages").GetInt32(), run.GetProperty("validationImages").GetInt32(),
            run.GetProperty("testImages").GetInt32(), run.GetProperty("optimizer").GetString()));
    }

    [Fact]
    public async Task Estimate_SgdAndLargerBatch_ChangesOptimizerAndActivationsOnly()
    {
        var client = _factory.CreateClient();
        async Task<JsonElement> Memory(object request) =>
            (await (await client.PostAsJsonAsync("/api/v1/training-jobs/estimate", request)).JsonAsync(HttpStatusCode.OK)).GetProperty("memory");
        var adam = await Memory(new { preset = "lenet5", batchSize = 32 });
        var sgd = await Memory(new { preset = "lenet5", batchSize = 256, optimizer = "sgd" });

        Assert.Equal(61_706L * 4, sgd.GetProperty("optimizerBytes").GetInt64());  // momentum 0.9: one velocity per weight
        Assert.Equal(adam.GetProperty("weightsBytes").GetInt64(), sgd.GetProperty("weightsBytes").GetInt64());
        Assert.Equal(adam.GetProperty("activationsBytes").GetInt64() * 8, sgd.GetProperty("activationsBytes").GetInt64());
    }

    [Theory]
    [InlineData("""{"preset":"seed-valid","epochs":0}""", "epochs")]
    [InlineData("""{"preset":"no-such-preset"}""", "preset")]
    [InlineData("""{"preset":"seed-valid","optimizer":"adagrad"}""", "optimizer")]
    [InlineData("""{"preset":"seed-valid","device":"cuda"}""", "device")]
    [InlineData("""{"architecture":{"inputShape":[32,32,3],"layers":[{"type":"Flatten"},{"type":"Dense","units":10}]}}""", "architecture.inputShape")]
    [InlineData("""{"preset":"seed-valid","epoch":3}""", "epoch")]
    public async Task Estimate_InvalidRequest_Returns400NamingTheField(string body, string path)
    {
        var response = await _factory.CreateClient().PostAsync("/api/v1/training-jobs/estimate", Json(body));
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.ErrorsAt(path));
    }

    [Fact]
    public async Task Estimate_WrongContentType_Returns415()
    {
        var response = await _factory.CreateClient().PostAsync("/api/v1/training-jobs/estimate", new StringContent("preset=seed-valid", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Estimate_OversizeArchitecture_AnswersFitsFalse()
    {
        var e = await (await _factory.CreateClient().PostAsync("/api/v1/training-jobs/estimate", Json(Oversize))).JsonAsync(HttpStatusCode.OK);
        Assert.False(e.GetProperty("fits").GetBoolean());
        Assert.True(e.GetProperty("memory").GetProperty("activationsBytes").GetInt64() > 1L << 50);
    }

    [Fact]
    public async Task Start_OversizeArchitecture_Returns400WithTheNumbersAndQueuesNothing()
    {
        var client = _factory.CreateKeyedClient();
        var problem = await (await client.PostAsync("/api/v1/training-jobs", Json(Oversize))).ProblemAsync(HttpStatusCode.BadRequest);

        var message = Assert.Single(problem.ErrorsAt("batchSize"));
        Assert.Contains("PiB", message);
        Assert.Contains("Training:MemoryBudgetBytes", message);
        var jobs = await (await client.GetAsync("/api/v1/training-jobs")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, jobs.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Start_OverAConfiguredBudget_Returns400OnBatchSize_AndASmallerBatchIsAccepted()
    {
        using var factory = new CnnApiFactory(new Dictionary<string, string?>
        {
            ["Training:WorkerEnabled"] = "false", ["Training:MemoryBudgetBytes"] = (300L << 20).ToString(),
        });
        var client = factory.CreateKeyedClient();

        var refused = await (await client.PostAsJsonAsync("/api/v1/training-jobs", new { preset = "seed-same", batchSize = 1024 })).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("300.0 MiB", Assert.Single(refused.ErrorsAt("batchSize")));
        var estimate = await (await client.PostAsJsonAsync("/api/v1/training-jobs/estimate", new { preset = "seed-same", batchSize = 1024 })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(300L << 20, estimate.GetProperty("memoryBudgetBytes").GetInt64());
        Assert.False(estimate.GetProperty("fits").GetBoolean());

        await new JobClient(client).StartAsync(new { preset = "seed-same", batchSize = 32 });
    }

    [Fact]
    public async Task Estimate_RestoreBestWeights_CountsTheCopyOfTheStateInTotal()
    {
        var client = _factory.CreateClient();
        object Request(bool restore) => new
        {
            preset = "mnist-bn", batchSize = 64, validationSplit = 0.1,
            earlyStopping = new { monitor = "val_loss", patience = 2, restoreBestWeights = restore },
        };
        var without = (await (await client.PostAsJsonAsync("/api/v1/training-jobs/estimate", Request(false))).JsonAsync(HttpStatusCode.OK)).GetProperty("memory");
        var with = (await (await client.PostAsJsonAsync("/api/v1/training-jobs/estimate", Request(true))).JsonAsync(HttpStatusCode.OK)).GetProperty("memory");

        // mnist-bn has BatchNormalization: its running statistics are in the state the copy holds, as they are in weightsBytes.
        Assert.Equal(0, without.GetProperty("bestWeightsBytes").GetInt64());
        Assert.Equal(with.GetProperty("weightsBytes").GetInt64(), with.GetProperty("bestWeightsBytes").GetInt64());
        Assert.Equal(without.GetProperty("totalBytes").GetInt64() + with.GetProperty("bestWeightsBytes").GetInt64(), with.GetProperty("totalBytes").GetInt64());
    }

    [Fact]
    public async Task Start_RestoreBestWeightsTipsOverTheBudget_Returns400NamingTheCopy_WithoutItAccepted()
    {
        object Request(bool restore) => new
        {
            preset = "seed-valid", batchSize = 32, validationSplit = 0.1,
            earlyStopping = new { monitor = "val_loss", patience = 2, restoreBestWeights = restore },
        };
        var estimate = (await (await _factory.CreateClient().PostAsJsonAsync("/api/v1/training-jobs/estimate", Request(true))).JsonAsync(HttpStatusCode.OK)).GetProperty("memory");
        long copy = estimate.GetProperty("bestWeightsBytes").GetInt64();
        long budget = estimate.GetProperty("totalBytes").GetInt64() - copy / 2;  // fits without the copy, not with it
        using var factory = new CnnApiFactory(new Dictionary<string, string?>
        {
            ["Training:WorkerEnabled"] = "false", ["Training:MemoryBudgetBytes"] = budget.ToString(),
        });
        var keyed = factory.CreateKeyedClient();

        var refused = await (await keyed.PostAsJsonAsync("/api/v1/training-jobs", Request(true))).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("best weights kept by earlyStopping.restoreBestWeights", Assert.Single(refused.ErrorsAt("batchSize")));
        await new JobClient(keyed).StartAsync(Request(false));
    }

    [Fact]
    public async Task Start_WeightsAloneOverTheBudget_Returns400OnThePreset()
    {
        using var factory = new CnnApiFactory(new Dictionary<string, string?>
        {
            ["Training:WorkerEnabled"] = "false", ["Training:MemoryBudgetBytes"] = (64L << 20).ToString(),
        });
        var problem = await (await factory.CreateKeyedClient().PostAsJsonAsync("/api/v1/training-jobs", new { preset = "seed-same", batchSize = 1 }))
            .ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains("too large to train here", Assert.Single(problem.ErrorsAt("preset")));
    }

    [Fact]
    public async Task Estimate_AfterTheStartupBenchmarkAndAFinishedJob_UsesTheirMeasurements()
    {
        using var factory = new CnnApiFactory(new Dictionary<string, string?> { ["Training:CalibrateAtStart"] = "true" });
        var client = factory.CreateKeyedClient();
        await factory.Services.GetRequiredService<ThroughputCalibrationService>().Completed.WaitAsync(TimeSpan.FromMinutes(3));

        var request = new { preset = "mnist-convnet", batchSize = 64, trainLimit = 256, testLimit = 100, seed = 3 };
        var calibrated = await (await client.PostAsJsonAsync("/api/v1/training-jobs/estimate", request)).JsonAsync(HttpStatusCode.OK);
        var throughput = calibrated.GetProperty("throughput");
        Assert.Equal("calibration", throughput.GetProperty("source").GetString());
        Assert.Equal(3, throughput.GetProperty("calibrationSamples").GetInt32());
        Assert.True(throughput.GetProperty("trainImagesPerSecond").GetDouble() > 0);

        var jobs = new JobClient(client);
        var job = await jobs.WaitForEndAsync((await jobs.StartAsync(request)).GetProperty("id").GetString()!);
        Assert.Equal("succeeded", JobClient.Status(job));
        // The same network at the same batch size: the job's own last epoch gives the figure.
        var same = (await (await client.PostAsJsonAsync("/api/v1/training-jobs/estimate", request)).JsonAsync(HttpStatusCode.OK)).GetProperty("throughput");
        Assert.Equal("job", same.GetProperty("source").GetString());
        var history = job.GetProperty("history");
        Assert.Equal(history[history.GetArrayLength() - 1].GetProperty("imagesPerSecond").GetDouble(), same.GetProperty("trainImagesPerSecond").GetDouble(), 0.1);
        // Another batch size: the fitted figure, now refined by the job.
        var refined = await (await client.PostAsJsonAsync("/api/v1/training-jobs/estimate", request with { batchSize = 32 })).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("calibration+jobs", refined.GetProperty("throughput").GetProperty("source").GetString());
        Assert.Equal(1, refined.GetProperty("throughput").GetProperty("jobSamples").GetInt32());
    }

    public void Dispose() => _factory.Dispose();
}
