using System.Net;
using System.Text;
using CnnApi.Tests.Infrastructure;

namespace CnnApi.Tests.Architectures;

/// <summary>POST /api/v1/architectures/summary refuses bad specs with 400s keyed by JSON path, big bodies with 413, non-JSON with 415.</summary>
public sealed class ArchitectureSummaryErrorTests(CnnApiFactory factory) : IClassFixture<CnnApiFactory>
{
    private const int MaxBody = 1024 * 1024;
    private const string Dense10 = """{"type":"Dense","units":10}""";
    private readonly HttpClient _client = factory.CreateClient();

    public static TheoryData<string, string, string[]> InvalidSpecs => new()
    {
        { ArchitectureJson.Spec("[28,28,1]", """{"type":"Flatten"}""", """{"type":"Dense","unitz":10}"""), "layers[1].unitz", ["unknown property 'unitz'", "units"] },
        { """{"name":"t","inputShap":[28,28,1],"layers":[{"type":"Flatten"}]}""", "inputShap", ["unknown property 'inputShap'"] },
        { ArchitectureJson.Spec("[28,28,1]", """{"type":"Conv2D","filters":8,"kernelSize":30}"""), "layers[0]", ["Conv2D", "30×30", "28×28"] },
        { ArchitectureJson.Spec("[28,28,1]", """{"type":"Conv2D","filters":8,"kernelSize":3}""", """{"type":"MaxPooling2D","poolSize":2}""",
            """{"type":"Conv2D","filters":8,"kernelSize":14}"""), "layers[2]", ["Conv2D", "14×14", "13×13"] },
        { ArchitectureJson.Spec("[28,28,1]", """{"type":"LSTM","units":4}"""), "layers[0].type", ["LSTM", "Conv2D", "Dense", "BatchNormalization"] },
        { ArchitectureJson.Spec("[4097,4096,3]", Dense10), "inputShape", ["4096"] },
        { ArchitectureJson.Spec("[4096,4096,65]", Dense10), "inputShape", ["64"] },
        { ArchitectureJson.Spec("[28,28,1]", Enumerable.Repeat("""{"type":"Activation","activation":"relu"}""", 201).ToArray()), "layers", ["200", "201"] },
        { ArchitectureJson.Spec("[28,28,1]", """{"type":"Conv2D","filters":8,"kernelSize":3,"strides":2,"dilationRate":2}"""), "layers[0].strides", ["dilation"] },
        { ArchitectureJson.Spec("[28,28,1]", """{"type":"Dense","units":10,"activation":"swishy"}"""), "layers[0].activation", ["swishy"] },
        { KerasDocuments.Keras2With("""{"class_name":"Conv3D","config":{"name":"s","filters":8,"kernel_size":[3,3,3]}}"""),
            "config.layers[1].class_name", ["Conv3D", "SeparableConv2D", "Conv2D", "MaxPooling2D", "Dense"] },
        { KerasDocuments.Keras2With("""{"class_name":"Lambda","config":{"name":"l","function":["4wEAAAAAAAAA", null, null]}}"""),
            "config.layers[1].class_name", ["Lambda", "Python code"] },
        // The first layer reads [28, 28, 1] as channels 28, height 28, width 1: a 3×3 kernel does not fit, as in Keras.
        { KerasDocuments.Keras2With("""{"class_name":"Conv2D","config":{"name":"c","filters":8,"kernel_size":[3,3],"data_format":"channels_first"}}"""),
            "config.layers[1]", ["channels_first", "does not fit the 28×1 input"] },
        { KerasDocuments.Keras2With("""{"class_name":"Conv2D","config":{"name":"c","filters":8,"kernel_size":[3,3],"data_format":"channels_middle"}}"""),
            "config.layers[1].config.data_format", ["channels_middle", "channels_first", "channels_last"] },
    };

    [Theory]
    [MemberData(nameof(InvalidSpecs))]
    public async Task Summary_InvalidSpec_Returns400AtPath(string json, string path, string[] mentions)
    {
        var problem = await (await _client.PostSummaryAsync(json)).ProblemAsync(HttpStatusCode.BadRequest);

        var message = Assert.Single(problem.ErrorsAt(path));
        foreach (var mention in mentions) Assert.Contains(mention, message);
    }

    [Fact]
    public async Task Summary_TwoTyposInTwoLayers_ReportsBoth()
    {
        var json = ArchitectureJson.Spec("[28,28,1]", """{"type":"Conv2D","filter":8,"kernelSize":3}""", """{"type":"Flatten"}""", """{"type":"Dense","unit":10}""");
        var problem = await (await _client.PostSummaryAsync(json)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.ErrorsAt("layers[0].filter"));
        Assert.NotEmpty(problem.ErrorsAt("layers[2].unit"));
    }

    [Theory]
    [InlineData("""{"name":"t","layers":[""")]
    [InlineData("""{"name":"t",}""")]
    [InlineData("")]
    [InlineData("not json")]
    public async Task Summary_MalformedJson_Returns400(string json)
    {
        var problem = await (await _client.PostSummaryAsync(json)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.StartsWith("Malformed JSON", Assert.Single(problem.ErrorsAt("")));
    }

    public static TheoryData<string, string> WideConvolutions => new()
    {
        // 2^20 filters of 4096×4096 over 64 channels, same padding: 2^50 params, 2^74 MACs.
        { """{"type":"Conv2D","filters":1048576,"kernelSize":4096,"padding":"same"}""", "layers[0]" },
        // 3×3 over 64 channels with 2^20 filters: 605 M params, above the 500 M ceiling.
        { """{"type":"Conv2D","filters":1048576,"kernelSize":3}""", "layers[0]" },
        // 1×1 convolution keeps 4096² positions; flattening 2^44 values into 2^20 units overflows 64 bits.
        { """{"type":"Conv2D","filters":1048576,"kernelSize":1,"useBias":false},{"type":"Flatten"},{"type":"Dense","units":1048576}""", "layers[2]" },
        { """{"type":"Conv2D","filters":64,"kernelSize":3,"padding":"same"},{"type":"Flatten"},{"type":"Dense","units":1048576}""", "layers[2]" },
    };

    [Theory]
    [MemberData(nameof(WideConvolutions))]
    public async Task Summary_HugeInputThroughWideLayers_Returns400Not500(string layers, string path)
    {
        var problem = await (await _client.PostSummaryAsync($$"""{"inputShape":[4096,4096,64],"layers":[{{layers}}]}""")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Matches("overflow|limit", Assert.Single(problem.ErrorsAt(path)));
    }

    [Fact]
    public async Task Summary_BodyOfExactlyTheLimit_IsRead()
    {
        var response = await _client.PostAsync(ArchitectureJson.SummaryUrl, ArchitectureJson.Content(Padded(MaxBody)));

        Assert.Equal(2_002_698, (await response.JsonAsync(HttpStatusCode.OK)).GetProperty("totalParams").GetInt64());
    }

    [Fact]
    public async Task Summary_BodyOneByteOverWithContentLength_Returns413()
    {
        var content = ArchitectureJson.Content(Padded(MaxBody + 1));
        Assert.Equal(MaxBody + 1, content.Headers.ContentLength);

        await (await _client.PostAsync(ArchitectureJson.SummaryUrl, content)).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData(MaxBody + 1)]
    [InlineData(3 * MaxBody)]
    public async Task Summary_ChunkedBodyOverLimit_Returns413(int size)
    {
        var content = ArchitectureJson.Unsized(Encoding.UTF8.GetBytes(Padded(size)));

        await (await _client.PostAsync(ArchitectureJson.SummaryUrl, content)).ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Summary_ChunkedBodyUnderLimit_IsRead()
    {
        var content = ArchitectureJson.Unsized(Encoding.UTF8.GetBytes(ArchitectureJson.SeedSame));

        var summary = await (await _client.PostAsync(ArchitectureJson.SummaryUrl, content)).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(3_231_498, summary.GetProperty("totalParams").GetInt64());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    public async Task Summary_NonJsonContentType_Returns415(string mediaType)
    {
        var response = await _client.PostAsync(ArchitectureJson.SummaryUrl, ArchitectureJson.Content(ArchitectureJson.SeedValid, mediaType));

        await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    /// <summary>seed-valid followed by whitespace up to exactly <paramref name="bytes"/> UTF-8 bytes.</summary>
    private static string Padded(int bytes) => ArchitectureJson.SeedValid + new string(' ', bytes - Encoding.UTF8.GetByteCount(ArchitectureJson.SeedValid));
}
