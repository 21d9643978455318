using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using CnnApi.Architectures.Presets;
using CnnApi.Tests.Infrastructure;
using CnnApi.Torch.Networks;

namespace CnnApi.Tests.Models;

/// <summary>
/// <c>GET /api/v1/models/{id}/export</c> on a model trained through the API: ONNX that ONNX Runtime runs to CnnApi's
/// probabilities and ONNX's checker accepts, a PyTorch state_dict, stable SHA-256s, headers, and every error status.
/// </summary>
public sealed class ModelExportEndpointTests(ModelExportEndpointTests.Model model) : IClassFixture<ModelExportEndpointTests.Model>
{
    private const int Digits = 200;
    private readonly HttpClient _client = model.Factory.CreateClient();

    [Fact]
    public async Task Export_Onnx_RunsInOnnxRuntimeToCnnApisProbabilities()
    {
        using var response = await _client.GetAsync($"/api/v1/models/{model.Id}/export?format=onnx");
        var bytes = await AssertFileAsync(response, $"model-{model.Id:N}.onnx");

        OnnxDownloads.AssertAgreesWithPredictor(bytes, model.Layers, model.WeightsPath, Digits);
    }

    [Fact]
    public async Task Export_PyTorch_IsAZipStateDict()
    {
        using var response = await _client.GetAsync($"/api/v1/models/{model.Id}/export?format=PyTorch");
        var bytes = await AssertFileAsync(response, $"model-{model.Id:N}.pt");
        Assert.Equal("PK"u8.ToArray(), bytes[..2]);   // torch.save's zip format
    }

    [Theory]
    [InlineData("onnx")]
    [InlineData("pytorch")]
    public async Task Export_TwoDownloads_SameSha256_AndIfNoneMatchAnswers304(string format)
    {
        var url = $"/api/v1/models/{model.Id}/export?format={format}";
        using var first = await _client.GetAsync(url);
        using var second = await _client.GetAsync(url);
        var a = await first.Content.ReadAsByteArrayAsync();
        var b = await second.Content.ReadAsByteArrayAsync();

        Assert.Equal(Sha256(a), Sha256(b));
        Assert.Equal(first.Headers.ETag, second.Headers.ETag);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var notModified = await _client.SendAsync(request);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Theory]
    [InlineData("?format=tflite", "'tflite' is not an export format")]
    [InlineData("", "The export format is required")]
    public async Task Export_UnknownOrMissingFormat_400NamingFormat(string query, string message)
    {
        var problem = await (await _client.GetAsync($"/api/v1/models/{model.Id}/export{query}")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.Contains(message, problem.ErrorsAt("format")[0]);
        Assert.Contains("onnx, pytorch", problem.ErrorsAt("format")[0]);
    }

    [Fact]
    public async Task Export_UnknownModel_404() =>
        await (await _client.GetAsync($"/api/v1/models/{Guid.NewGuid()}/export?format=onnx")).ProblemAsync(HttpStatusCode.NotFound);

    [Fact]
    public async Task Export_DamagedWeights_503NamingTheModel()
    {
        var saved = File.ReadAllBytes(model.WeightsPath);
        try
        {
            File.WriteAllBytes(model.WeightsPath, saved[..(saved.Length / 2)]);
            var problem = await (await _client.GetAsync($"/api/v1/models/{model.Id}/export?format=onnx")).ProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Contains(model.Id.ToString(), problem.GetProperty("detail").GetString());
        }
        finally
        {
            File.WriteAllBytes(model.WeightsPath, saved);
        }
    }

    [Fact]
    public async Task Model_AndList_LinkEveryExport()
    {
        var one = await (await _client.GetAsync($"/api/v1/models/{model.Id}")).JsonAsync(HttpStatusCode.OK);
        var list = await (await _client.GetAsync("/api/v1/models")).JsonAsync(HttpStatusCode.OK);
        var exports = one.GetProperty("exports").EnumerateArray().ToList();

        Assert.Equal(["onnx", "pytorch"], exports.Select(e => e.GetProperty("format").GetString()));
        Assert.Equal(one.GetProperty("exports").ToString(), list[0].GetProperty("exports").ToString());
        foreach (var export in exports)
        {
            using var response = await _client.GetAsync(export.GetProperty("href").GetString());
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(export.GetProperty("fileName").GetString(), response.Content.Headers.ContentDisposition?.FileName);
            Assert.Equal(export.GetProperty("contentType").GetString(), response.Content.Headers.ContentType?.MediaType);
        }
    }

    private static async Task<byte[]> AssertFileAsync(HttpResponseMessage response, string fileName)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Equal(fileName, response.Content.Headers.ContentDisposition?.FileName);
        var sha256 = Sha256(bytes);
        Assert.Equal(sha256, response.Headers.GetValues("X-Export-SHA256").Single());
        Assert.Equal(new EntityTagHeaderValue($"\"{sha256}\""), response.Headers.ETag);
        return bytes;
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>One mnist-convnet model trained through the API on 256 images.</summary>
    public sealed class Model : IAsyncLifetime
    {
        public CnnApiFactory Factory { get; } = new();
        public Guid Id { get; private set; }
        public IReadOnlyList<NetworkLayer> Layers { get; } = NetworkLayers.From(ArchitecturePresets.Find("mnist-convnet")!.Architecture);
        public string WeightsPath => Path.Combine(Factory.StorageRoot, "models", Id.ToString("N"), "weights.bin");

        public async Task InitializeAsync()
        {
            var jobs = new JobClient(Factory.CreateKeyedClient());
            var job = await jobs.WaitForEndAsync((await jobs.StartAsync(new { preset = "mnist-convnet", batchSize = 64, trainLimit = 256, testLimit = 200, seed = 3 }))
                .GetProperty("id").GetString()!);
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
