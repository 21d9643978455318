using System.Net;
using CnnApi.Tests.Infrastructure;
using CnnApi.Tests.Predictions;

namespace CnnApi.Tests.Architectures;

/// <summary>Functional graphs through the HTTP API: summary with connectedTo, compare of two graphs, and the residual preset trained and asked to predict.</summary>
public sealed class GraphArchitectureApiTests(CnnApiFactory factory) : IClassFixture<CnnApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private const string Residual = """
        {"name":"res","inputShape":[28,28,1],"layers":[
          {"type":"Conv2D","name":"stem","filters":8,"kernelSize":3,"padding":"same","activation":"relu"},
          {"type":"Conv2D","name":"a","filters":8,"kernelSize":3,"padding":"same"},
          {"type":"Add","name":"sum","inputs":["stem","a"]},
          {"type":"GlobalAveragePooling2D","name":"gap"},
          {"type":"Dense","name":"out","units":10,"activation":"softmax"}]}
        """;

    [Fact]
    public async Task Summary_Graph_RowsCarryConnectedToAndTheTextHasTheColumn()
    {
        var summary = await (await _client.PostSummaryAsync(Residual)).JsonAsync(HttpStatusCode.OK);

        var layers = summary.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal(["input_1", "stem", "a", "sum", "gap", "out"], layers.Select(l => l.GetProperty("name").GetString()));
        Assert.Equal(["stem", "a"], layers[3].GetProperty("connectedTo").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal(80 + 584 + 90, summary.GetProperty("totalParams").GetInt64());  // 9·8+8, 9·8·8+8, 8·10+10
        Assert.Contains("Connected to", summary.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Summary_GraphWithCycle_Returns400NamingTheLayers()
    {
        var json = """{"inputShape":[8,8,1],"layers":[{"type":"Flatten","name":"f","inputs":"d"},{"type":"Dense","name":"d","units":2,"inputs":"f"}]}""";

        var problem = await (await _client.PostSummaryAsync(json)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("'f', 'd' form a cycle", problem.ErrorsAt("layers")[0]);
    }

    [Fact]
    public async Task Compare_TwoGraphPresets_PairsByNameOrPosition()
    {
        var comparison = await (await _client.PostCompareAsync("""{"a":"mnist-residual","b":"mnist-separable"}""")).JsonAsync(HttpStatusCode.OK);

        var rows = comparison.GetProperty("layers").EnumerateArray().ToList();
        Assert.Equal("InputLayer", rows[0].GetProperty("typeA").GetString());
        Assert.All(rows, r => Assert.Contains(r.GetProperty("matchedBy").ValueKind, new[] { System.Text.Json.JsonValueKind.String, System.Text.Json.JsonValueKind.Null }));
        Assert.Equal(4_666 - 19_562, comparison.GetProperty("totals").GetProperty("totalParams").GetInt64());
    }

    [Fact]
    public async Task ResidualPreset_TrainedOneEpoch_PredictsAnUpload()
    {
        var jobs = new JobClient(factory.CreateKeyedClient());
        var id = (await jobs.StartAsync(new { preset = "mnist-residual", epochs = 1, batchSize = 32, trainLimit = 512, testLimit = 200, seed = 3 }))
            .GetProperty("id").GetString()!;
        var job = await jobs.WaitForEndAsync(id, seconds: 600);
        Assert.True(JobClient.Status(job) == "succeeded", $"mnist-residual did not train: {job}");
        var model = job.GetProperty("modelId").GetString()!;

        var png = UploadVariants.MnistPng.Encode(MnistTestDigits.Load(1)[0], new Random(1));
        var upload = new MultipartFormDataContent { { new ByteArrayContent(png), "image", "digit.png" } };
        var answer = await (await _client.PostAsync($"/api/v1/models/{model}/predictions", upload)).JsonAsync(HttpStatusCode.OK);

        var probabilities = answer.GetProperty("probabilities").EnumerateArray().Select(p => p.GetDouble()).ToList();
        Assert.Equal(10, probabilities.Count);
        Assert.Equal(1.0, probabilities.Sum(), 3);
        Assert.InRange(answer.GetProperty("digit").GetInt32(), 0, 9);
    }
}
