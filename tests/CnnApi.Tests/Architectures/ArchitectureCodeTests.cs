using System.Net;
using CnnApi.Tests.Infrastructure;

namespace CnnApi.Tests.Architectures;

/// <summary>POST /api/v1/architectures/code?format=pytorch|keras|torchsharp: source text with a file name; 400 by path, 413, 415.</summary>
public sealed class ArchitectureCodeTests(CnnApiFactory factory) : IClassFixture<CnnApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    private Task<HttpResponseMessage> PostCodeAsync(string? format, HttpContent body) =>
        _client.PostAsync("/api/v1/architectures/code" + (format is null ? "" : $"?format={format}"), body);

    [Theory]
    [InlineData("pytorch", "text/x-python", "seed_valid_pytorch.py", "class Net(nn.Module):")]
    [InlineData("PyTorch", "text/x-python", "seed_valid_pytorch.py", "self.conv2d_2 = Weights(")]
    [InlineData("keras", "text/x-python", "seed_valid_keras.py", "layers.Conv2D(filters=32, kernel_size=3")]
    [InlineData("torchsharp", "text/x-csharp", "SeedValidNet.cs", "public sealed class Net : nn.Module<Tensor, Tensor>")]
    public async Task Code_PresetName_ReturnsSourceWithFileName(string format, string mediaType, string fileName, string mention)
    {
        var response = await PostCodeAsync(format, ArchitectureJson.Content("\"seed-valid\""));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(mediaType, response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal(fileName, response.Content.Headers.ContentDisposition?.FileName);
        Assert.Contains(mention, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Code_KerasDocument_ReturnsPyTorchWithTheDocumentsNames()
    {
        var response = await PostCodeAsync("pytorch", ArchitectureJson.Content(KerasDocuments.Keras2SeedValid));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var code = await response.Content.ReadAsStringAsync();
        Assert.Contains("self.dense_1 = Weights({\"weight\": ((10, 128), \"glorot\"), \"bias\": ((10,), 0)})", code);
        Assert.Contains("x3 = F.relu(F.conv2d(x2, self.conv2d_2.weight, self.conv2d_2.bias", code);
    }

    [Fact]
    public async Task Code_GraphSpec_UsesTheFunctionalApiInKeras()
    {
        var response = await PostCodeAsync("keras", ArchitectureJson.Content("\"mnist-residual\""));

        var code = await response.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("layers.Add(name=\"block1_add\")([x1, x3])", code);
        Assert.Contains("return keras.Model(inputs, ", code);
    }

    // A Conv2D called on the 8×8 input and on its 4×4 pooling: Keras builds that, torch's one module cannot.
    private const string SharedOnTwoShapes = """
        {"inputShape":[8,8,1],"layers":[
          {"type":"Conv2D","name":"shared","filters":4,"kernelSize":3,"padding":"same","inputs":"input_1"},
          {"type":"MaxPooling2D","name":"pool","inputs":"input_1"},
          {"call":"shared","inputs":"pool"},
          {"type":"GlobalAveragePooling2D","name":"g1","inputs":"shared"},
          {"type":"GlobalAveragePooling2D","name":"g2","inputs":"shared[1]"},
          {"type":"Concatenate","name":"cat","inputs":["g1","g2"]},
          {"type":"Dense","name":"out","units":10}]}
        """;

    [Theory]
    [InlineData("pytorch", "x2 = F.conv2d(x1, self.shared.weight, self.shared.bias")]
    [InlineData("torchsharp", "var x2 = F.conv2d(x1, w1_shared[\"weight\"], w1_shared[\"bias\"]")]
    [InlineData("keras", "x2 = shared_1(x1)")]
    public async Task Code_SharedLayer_CallsTheSameWeightsAgain(string format, string secondCall)
    {
        var response = await PostCodeAsync(format, ArchitectureJson.Content("""
            {"inputShape":[28,28,1],"layers":[
              {"type":"Conv2D","name":"shared","filters":1,"kernelSize":3,"padding":"same"},
              {"call":"shared"},
              {"type":"Flatten","name":"flat"},
              {"type":"Dense","name":"out","units":10,"activation":"softmax"}]}
            """));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains(secondCall, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Code_KerasSharedLayerOnTwoShapes_ReturnsTheKerasCode()
    {
        var response = await PostCodeAsync("keras", ArchitectureJson.Content(SharedOnTwoShapes));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("x3 = shared_1(x2)", await response.Content.ReadAsStringAsync());
    }

    public static TheoryData<string?, string, string, string> BadRequests => new()
    {
        { null, "\"seed-valid\"", "format", "required" },
        { "onnx", "\"seed-valid\"", "format", "'onnx' is not a code format" },
        { "pytorch", """{"inputShape":[28,28,1],"layers":[{"type":"Dense","unitz":10}]}""", "layers[0].unitz", "unitz" },
        { "keras", "\"no-such-net\"", "", "seed-valid" },
        { "torchsharp", """{"inputShape":[28,28,1],""", "", "Malformed JSON" },
        { "pytorch", SharedOnTwoShapes, "", "its call shared[1] takes [4, 4, 1]" },
        { "torchsharp", SharedOnTwoShapes, "", "a shared layer is built once" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Code_BadRequest_Returns400AtPath(string? format, string body, string path, string mention)
    {
        var problem = await (await PostCodeAsync(format, ArchitectureJson.Content(body))).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(mention, Assert.Single(problem.ErrorsAt(path)));
    }

    [Fact]
    public async Task Code_NonJsonContentType_Returns415()
    {
        await (await PostCodeAsync("pytorch", ArchitectureJson.Content("seed-valid", "text/plain"))).ProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Code_BodyOverLimit_Returns413()
    {
        var body = "\"seed-valid\"" + new string(' ', 1024 * 1024);

        var response = await PostCodeAsync("pytorch", ArchitectureJson.Unsized(System.Text.Encoding.UTF8.GetBytes(body)));

        await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }
}
