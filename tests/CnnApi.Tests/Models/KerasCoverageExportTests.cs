using System.Net;
using System.Text.Json.Nodes;
using CnnApi.Architectures.Spec;
using CnnApi.Tests.Infrastructure;
using CnnApi.Torch.Networks;

namespace CnnApi.Tests.Models;

/// <summary>
/// <c>GET /api/v1/models/{id}/export</c> on a model trained through the API that uses issue 11's Keras coverage at once:
/// a channels_first input, a shared Conv2D called twice, a frozen BatchNormalization and a final Softmax layer.
/// </summary>
public sealed class KerasCoverageExportTests(KerasCoverageExportTests.Model model) : IClassFixture<KerasCoverageExportTests.Model>
{
    private const int Digits = 200;

    public const string Architecture = """
        {"name":"tied-channels-first","inputShape":[1,28,28],"layers":[
          {"type":"Conv2D","name":"stem","filters":4,"kernelSize":3,"strides":2,"padding":"same","activation":"relu","dataFormat":"channels_first"},
          {"type":"Conv2D","name":"shared","filters":4,"kernelSize":3,"padding":"same","activation":"relu","dataFormat":"channels_first"},
          {"call":"shared"},
          {"type":"Add","name":"sum","inputs":["shared[1]","stem"]},
          {"type":"BatchNormalization","name":"bn","axis":1,"trainable":false},
          {"type":"Flatten","name":"flat","dataFormat":"channels_first"},
          {"type":"Dense","name":"out","units":10},
          {"type":"Softmax","name":"probabilities"}]}
        """;

    private readonly HttpClient _client = model.Factory.CreateClient();

    [Fact]
    public async Task Export_Onnx_RunsInOnnxRuntimeToCnnApisProbabilities()
    {
        using var response = await _client.GetAsync($"/api/v1/models/{model.Id}/export?format=onnx");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        OnnxDownloads.AssertAgreesWithPredictor(bytes, model.Layers, model.WeightsPath, Digits);
    }

    [Fact]
    public async Task Export_PyTorch_IsTheStateDictOfTheSharedWeightsOnce()
    {
        using var response = await _client.GetAsync($"/api/v1/models/{model.Id}/export?format=pytorch");
        var bytes = await response.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("PK"u8.ToArray(), bytes[..2]);
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes));
        var pickle = zip.Entries.Single(e => e.Name == "data.pkl");
        using var reader = new StreamReader(pickle.Open(), System.Text.Encoding.Latin1);
        var text = reader.ReadToEnd();
        Assert.Contains("shared.inner.weight", text);
        Assert.Contains("bn.running_var", text);
    }

    /// <summary>The model, trained through the API on 256 images.</summary>
    public sealed class Model : IAsyncLifetime
    {
        public CnnApiFactory Factory { get; } = new();
        public Guid Id { get; private set; }
        public IReadOnlyList<NetworkLayer> Layers { get; } = NetworkLayers.From(ArchitectureReader.Read(Architecture).Architecture!);
        public string WeightsPath => Path.Combine(Factory.StorageRoot, "models", Id.ToString("N"), "weights.bin");

        public async Task InitializeAsync()
        {
            var jobs = new JobClient(Factory.CreateKeyedClient());
            var request = new JsonObject
            {
                ["architecture"] = JsonNode.Parse(Architecture), ["epochs"] = 1, ["batchSize"] = 32, ["trainLimit"] = 256, ["testLimit"] = 100, ["seed"] = 5,
            };
            var job = await jobs.WaitForEndAsync((await jobs.StartAsync(request)).GetProperty("id").GetString()!);
            Assert.True(JobClient.Status(job) == "succeeded", job.ToString());
            Id = Guid.Parse(job.GetProperty("modelId").GetString()!);
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            return Task.CompletedTask;
        }
    }
}
