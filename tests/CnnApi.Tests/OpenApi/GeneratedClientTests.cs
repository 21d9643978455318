using System.Net.Http.Headers;
using CnnApi.Tests.Infrastructure;
using CnnApi.Tests.OpenApi.Client;
using CnnApi.Tests.Predictions;

namespace CnnApi.Tests.OpenApi;

/// <summary>
/// The NSwag client generated at build time from docs/openapi.json (kept equal to the live document) drives every
/// endpoint, as a client author would use it; its responses are also checked by the factory's validating handler.
/// </summary>
public sealed class GeneratedClientTests(CnnApiFactory factory) : IClassFixture<CnnApiFactory>
{
    private readonly CnnApiClient _public = new(factory.CreateClient());
    private readonly CnnApiClient _keyed = new(factory.CreateKeyedClient());

    [Fact]
    public async Task GeneratedClient_SummaryCompareAndPresets_ReadEveryField()
    {
        var presets = await _public.ListArchitecturePresetsAsync();
        var seedValid = presets.Single(p => p.Name == "seed-valid");

        var byName = await _public.SummarizeArchitectureAsync(ArchitectureDocument.Preset("seed-valid"));
        var bySpec = await _public.SummarizeArchitectureAsync(ArchitectureDocument.Spec(seedValid.Spec));
        Assert.Equal(2_002_698, byName.TotalParams);
        Assert.Equal(byName.TotalParams, bySpec.TotalParams);
        Assert.Null(byName.Layers.Single(l => l.Type == "Flatten").ReceptiveField);
        Assert.NotNull(byName.Layers.First(l => l.Type == "Conv2D").ReceptiveField);

        var comparison = await _public.CompareArchitecturesAsync(new CompareRequest
        {
            A = ArchitectureDocument.Preset("seed-valid"),
            B = ArchitectureDocument.Spec(presets.Single(p => p.Name == "seed-same").Spec),
        });
        Assert.Equal(3_231_498 - 2_002_698, comparison.Totals.TotalParams);

        var unknown = await Assert.ThrowsAsync<ApiException<HttpValidationProblemDetails>>(
            () => _public.SummarizeArchitectureAsync(ArchitectureDocument.Preset("no-such-preset")));
        Assert.Equal(400, unknown.StatusCode);
        Assert.Contains("Unknown preset", Assert.Single(unknown.Result.Errors).Value.Single());
    }

    [Fact]
    public async Task GeneratedClient_SummaryAsText_IsTheDocumentedTextPlainBody()
    {
        // NSwag generates one body type per status (the JSON one); the text variant of the same operation goes through the
        // same HttpClient, whose handler holds it to the document's text/plain entry.
        using var http = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/architectures/summary")
        {
            Content = new StringContent("\"seed-valid\"", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/plain"));
        var response = await http.SendAsync(request);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Total params: 2,002,698", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task GeneratedClient_JobModelAndPredictionLifecycle_DrivesEveryEndpoint()
    {
        var started = await _keyed.StartTrainingJobAsync(new TrainingJobRequest
        {
            Preset = "mnist-convnet", Epochs = 1, BatchSize = 64, TrainLimit = 1024, TestLimit = 500, Seed = 7,
        });
        Assert.Equal(TrainingJobStatus.Queued, started.Status);
        var job = await WaitAsync(started.Id, j => j.Status is TrainingJobStatus.Succeeded or TrainingJobStatus.Failed);
        Assert.True(job.Status == TrainingJobStatus.Succeeded, job.Error);
        Assert.Contains((await _public.ListTrainingJobsAsync(status: "succeeded")).Items, j => j.Id == job.Id);

        using var stream = await _public.GetTrainingJobEventsAsync(job.Id);
        var events = await new StreamReader(stream.Stream).ReadToEndAsync();
        Assert.StartsWith("event: job", events.TrimStart());
        Assert.Contains("event: epoch", events);
        Assert.Contains("event: status", events);

        var modelId = job.ModelId!.Value;
        Assert.Contains(await _public.ListModelsAsync(), m => m.Id == modelId);
        Assert.True((await _keyed.PromoteModelAsync(modelId)).IsDefault);
        Assert.True((await _public.GetModelAsync(modelId)).IsDefault);
        using (var weights = await _public.DownloadModelWeightsAsync(modelId))
        {
            Assert.Equal(200, weights.StatusCode);
            Assert.True(weights.Headers.ContainsKey("X-Weights-SHA256"));
            using var copy = new MemoryStream();
            await weights.Stream.CopyToAsync(copy);
            Assert.True(copy.Length > 0);
        }

        var digits = MnistTestDigits.Load(3).Select(d => PngWriter.Grey8(d, 28, 28)).ToList();
        var single = await _public.PredictDigitsAsync(debug: true, image: new FileParameter(new MemoryStream(digits[0]), "d0.png", "image/png"));
        Assert.NotNull(single.Single);
        Assert.Equal(modelId, single.Single!.ModelId);
        Assert.Equal(10, single.Single.Probabilities.Count);
        Assert.StartsWith("data:image/png;base64,", single.Single.Debug!.Input);
        var several = await _public.PredictDigitsWithModelAsync(modelId,
            images: digits.Select((d, i) => new FileParameter(new MemoryStream(d), $"d{i}.png", "image/png")).ToList());
        Assert.Equal(3, several.Batch!.Predictions.Count);

        Assert.Equal("Healthy", (await _public.GetLivenessAsync()).Status);
        Assert.Equal("Healthy", (await _public.GetReadinessAsync()).Status);
        Assert.Contains("# TYPE", await _public.GetMetricsAsync());

        await _keyed.DeleteModelAsync(modelId);
        var gone = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => _public.GetModelAsync(modelId));
        Assert.Equal(404, gone.StatusCode);
    }

    [Fact]
    public async Task GeneratedClient_CancelAJob_EndsCancelledAndASecondCancelIsAConflict()
    {
        var started = await _keyed.StartTrainingJobAsync(new TrainingJobRequest { Preset = "seed-same", Epochs = 5, BatchSize = 32, Seed = 3 });
        var cancelled = await _keyed.CancelTrainingJobAsync(started.Id);
        Assert.Equal(started.Id, cancelled.Id);
        var job = await WaitAsync(started.Id, j => j.Status is TrainingJobStatus.Cancelled or TrainingJobStatus.Succeeded or TrainingJobStatus.Failed);
        Assert.Equal(TrainingJobStatus.Cancelled, job.Status);
        var again = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => _keyed.CancelTrainingJobAsync(started.Id));
        Assert.Equal(409, again.StatusCode);
        var keyless = await Assert.ThrowsAsync<ApiException<ProblemDetails>>(() => _public.CancelTrainingJobAsync(started.Id));
        Assert.Equal(401, keyless.StatusCode);
    }

    private async Task<TrainingJob> WaitAsync(Guid id, Func<TrainingJob, bool> done, int seconds = 180)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var job = await _public.GetTrainingJobAsync(id);
            if (done(job)) return job;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Job {id} is still {job.Status} after {seconds} s.");
            await Task.Delay(100);
        }
    }
}
