using System.Net;
using System.Text.Json;
using CnnApi.Tests.Infrastructure;
using SkiaSharp;

namespace CnnApi.Tests.Models;

/// <summary>A host with one model trained through the API with augmentation (mnist-convnet, 512 images, 300 test images).</summary>
public sealed class EvaluatedModelFactory : CnnApiFactory, IAsyncLifetime
{
    public const int TestLimit = 300;
    public string ModelId { get; private set; } = "";
    public double TestAccuracy { get; private set; }

    public async Task InitializeAsync()
    {
        var jobs = new JobClient(CreateKeyedClient());
        var id = (await jobs.StartAsync(new
        {
            preset = "mnist-convnet", epochs = 1, batchSize = 32, trainLimit = 512, testLimit = TestLimit, seed = 5,
            augmentation = new { shift = 2, rotation = 10, zoom = 0.1 },
        })).GetProperty("id").GetString()!;
        var job = await jobs.WaitForEndAsync(id, seconds: 300);
        Assert.True(JobClient.Status(job) == "succeeded", $"The fixture's model did not train: {job}");
        ModelId = job.GetProperty("modelId").GetString()!;
        TestAccuracy = job.GetProperty("testAccuracy").GetDouble();
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;
}

/// <summary>GET /api/v1/models/{id}/evaluation: stored at the job's end, consistent with the model, computed on demand for older models.</summary>
public sealed class ModelEvaluationTests(EvaluatedModelFactory factory) : IClassFixture<EvaluatedModelFactory>
{
    private readonly HttpClient _client = factory.CreateKeyedClient();

    private string EvaluationFile => Path.Combine(factory.StorageRoot, "models", Guid.Parse(factory.ModelId).ToString("N"), "evaluation.json");

    [Fact]
    public async Task Evaluation_FinishedJob_NumbersAgreeWithEachOtherAndWithTheModel()
    {
        var e = await GetAsync(factory.ModelId);

        Assert.Equal(factory.ModelId, e.GetProperty("modelId").GetString());
        Assert.Equal("training", e.GetProperty("source").GetString());
        AssertConsistent(e, EvaluatedModelFactory.TestLimit, factory.TestAccuracy);
    }

    [Fact]
    public async Task Evaluation_ModelTrainedBeforeEvaluationsExisted_ComputedOnDemandWithTheSameNumbers_AndKept()
    {
        // A model published before this feature has no evaluation.json: a copy of this model's row and files without it.
        var stored = await GetAsync(factory.ModelId);
        File.Move(EvaluationFile, EvaluationFile + ".aside");
        try
        {
            var onDemand = await GetAsync(factory.ModelId);
            Assert.Equal("on-demand", onDemand.GetProperty("source").GetString());
            AssertConsistent(onDemand, EvaluatedModelFactory.TestLimit, factory.TestAccuracy);
            foreach (var field in new[] { "confusionMatrix", "classes", "mostConfidentlyWrong", "accuracy", "testCount" })
                Assert.Equal(stored.GetProperty(field).GetRawText(), onDemand.GetProperty(field).GetRawText());
            Assert.True(File.Exists(EvaluationFile), "the on-demand evaluation is kept for the next request");
            Assert.Equal(onDemand.GetProperty("computedAt").GetString(), (await GetAsync(factory.ModelId)).GetProperty("computedAt").GetString());
        }
        finally
        {
            File.Move(EvaluationFile + ".aside", EvaluationFile, overwrite: true);
        }
    }

    [Fact]
    public async Task Evaluation_UnknownModel_Returns404()
    {
        var problem = await (await _client.GetAsync($"/api/v1/models/{Guid.NewGuid()}/evaluation")).ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("Model not found", problem.GetProperty("title").GetString());
    }

    [Fact]
    public async Task Evaluation_ModelWithoutEvaluationOrWeights_Returns404WithTheReason()
    {
        await using var other = new CnnApiFactory();
        var client = other.CreateKeyedClient();
        var jobs = new JobClient(client);
        var id = (await jobs.StartAsync(new { preset = "mnist-separable", batchSize = 64, trainLimit = 128, testLimit = 50, seed = 1 }))
            .GetProperty("id").GetString()!;
        var model = (await jobs.WaitForEndAsync(id)).GetProperty("modelId").GetString()!;
        Directory.Delete(Path.Combine(other.StorageRoot, "models", Guid.Parse(model).ToString("N")), recursive: true);

        var problem = await (await client.GetAsync($"/api/v1/models/{model}/evaluation")).ProblemAsync(HttpStatusCode.NotFound);

        Assert.Equal("Model files not found", problem.GetProperty("title").GetString());
    }

    private async Task<JsonElement> GetAsync(string modelId) =>
        await (await _client.GetAsync($"/api/v1/models/{modelId}/evaluation")).JsonAsync(HttpStatusCode.OK);

    private static void AssertConsistent(JsonElement e, int testCount, double modelAccuracy)
    {
        Assert.Equal(testCount, e.GetProperty("testCount").GetInt32());
        var matrix = e.GetProperty("confusionMatrix").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetInt32()).ToArray()).ToArray();
        Assert.Equal(10, matrix.Length);
        Assert.All(matrix, row => Assert.Equal(10, row.Length));
        Assert.Equal(testCount, matrix.Sum(r => r.Sum()));
        int correct = Enumerable.Range(0, 10).Sum(d => matrix[d][d]);
        Assert.Equal(modelAccuracy, e.GetProperty("accuracy").GetDouble());
        Assert.Equal((double)correct / testCount, modelAccuracy);
        for (int d = 0; d < 10; d++)
        {
            var c = e.GetProperty("classes")[d];
            Assert.Equal(d, c.GetProperty("digit").GetInt32());
            Assert.Equal(matrix[d].Sum(), c.GetProperty("support").GetInt32());
            Assert.Equal(matrix.Sum(r => r[d]), c.GetProperty("predicted").GetInt32());
            Assert.Equal((double)matrix[d][d] / matrix[d].Sum(), c.GetProperty("recall").GetDouble(), 12);
            if (matrix.Sum(r => r[d]) == 0) Assert.Equal(JsonValueKind.Null, c.GetProperty("precision").ValueKind);
            else Assert.Equal((double)matrix[d][d] / matrix.Sum(r => r[d]), c.GetProperty("precision").GetDouble(), 12);
        }
        var wrong = e.GetProperty("mostConfidentlyWrong").EnumerateArray().ToList();
        Assert.Equal(Math.Min(20, testCount - correct), wrong.Count);
        Assert.True(wrong.Count > 0, "a one-epoch model on 512 images gets some of 300 test digits wrong");
        var confidences = wrong.Select(w => w.GetProperty("confidence").GetDouble()).ToList();
        Assert.Equal(confidences.OrderByDescending(c => c), confidences);
        foreach (var w in wrong)
        {
            int index = w.GetProperty("index").GetInt32(), label = w.GetProperty("label").GetInt32(), predicted = w.GetProperty("predicted").GetInt32();
            Assert.InRange(index, 0, testCount - 1);
            Assert.Equal(MnistLabels.Of(index), label);
            Assert.NotEqual(label, predicted);
            var probabilities = w.GetProperty("probabilities").EnumerateArray().Select(p => p.GetDouble()).ToArray();
            Assert.Equal(10, probabilities.Length);
            Assert.Equal(probabilities.Max(), probabilities[predicted]);
            // Within 1e-6, not "to 6 decimal places": that rounds both sides and fails on a boundary (0.2550555 and 0.25505549).
            Assert.Equal(probabilities[predicted], w.GetProperty("confidence").GetDouble(), 1e-6);
            var image = w.GetProperty("image").GetString()!;
            Assert.StartsWith("data:image/png;base64,", image);
            using var bitmap = SKBitmap.Decode(Convert.FromBase64String(image["data:image/png;base64,".Length..]));
            Assert.Equal((28, 28), (bitmap.Width, bitmap.Height));
            Assert.InRange(bitmap.Pixels.Count(p => p.Red > 128), 20, 400); // ink on black, as MNIST
        }
    }
}
