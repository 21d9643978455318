using System.Net;
using System.Text.Json;
using CnnApi.Tests.Infrastructure;

namespace CnnApi.Tests.Architectures;

/// <summary>POST /api/v1/architectures/compare: two summaries aligned by layer, B − A; errors prefixed by side.</summary>
public sealed class ArchitectureCompareTests(CnnApiFactory factory) : IClassFixture<CnnApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Compare_SeedValidAgainstSeedSame_Differs1228800InTheFirstDense(bool byPresetName)
    {
        var body = byPresetName ? """{"a":"seed-valid","b":"SEED-SAME"}"""
            : $$"""{"a":{{ArchitectureJson.SeedValid}},"b":{{ArchitectureJson.SeedSame}}}""";

        var comparison = await (await _client.PostCompareAsync(body)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(2_002_698, comparison.GetProperty("a").GetProperty("totalParams").GetInt64());
        Assert.Equal(3_231_498, comparison.GetProperty("b").GetProperty("totalParams").GetInt64());
        Assert.Equal(1_228_800, comparison.GetProperty("totals").GetProperty("totalParams").GetInt64());
        Assert.Equal(1_228_800 * 4, comparison.GetProperty("totals").GetProperty("paramBytes").GetInt64());
        var layers = comparison.GetProperty("layers").EnumerateArray().ToArray();
        Assert.Equal(6, layers.Length);
        Assert.All(layers, l => Assert.True(l.GetProperty("inA").GetBoolean() && l.GetProperty("inB").GetBoolean()));
        Assert.Equal(["conv2d", "conv2d_1", "conv2d_2", "flatten", "dense", "dense_1"], layers.Select(l => l.GetProperty("nameB").GetString()));
        Assert.Equal([0L, 0, 0, 0, 1_228_800, 0], layers.Select(l => l.GetProperty("paramsDelta").GetInt64()));
        Assert.Equal([false, false, false, false, true, true], layers.Select(l => l.GetProperty("sameOutputShape").GetBoolean()));
    }

    [Fact]
    public async Task Compare_KerasDocumentAgainstShorterSpec_MarksMissingLayers()
    {
        var body = $$$"""{"a":{{{KerasDocuments.Keras2SeedValid}}},"b":{"layers":[{"type":"Flatten"},{"type":"Dense","units":10}]}}""";

        var comparison = await (await _client.PostCompareAsync(body)).JsonAsync(HttpStatusCode.OK);

        var layers = comparison.GetProperty("layers").EnumerateArray().ToArray();
        Assert.Equal(6, layers.Length);
        Assert.False(layers[5].GetProperty("inB").GetBoolean());
        Assert.Equal(JsonValueKind.Null, layers[5].GetProperty("nameB").ValueKind);
        Assert.Equal(7_850 - 2_002_698, comparison.GetProperty("totals").GetProperty("totalParams").GetInt64());
    }

    public static TheoryData<string, string, string> InvalidBodies => new()
    {
        { """{"a":"seed-valid","b":{"layers":[{"type":"Dense","unitz":10}]}}""", "b.layers[0].unitz", "unitz" },
        { """{"a":{"inputShape":[28,28,1],"layers":[{"type":"Conv2D","filters":8,"kernelSize":29}]},"b":"seed-same"}""", "a.layers[0]", "Conv2D" },
        { """{"a":{"inputShape":[28,28]},"b":"seed-same"}""", "a.inputShape", "channels" },
        { """{"a":"no-such-net","b":"seed-same"}""", "a", "seed-valid" },
        { """{"a":"seed-valid"}""", "b", "Required" },
        { """{"a":"seed-valid","b":"seed-same","c":"lenet5"}""", "c", "Unknown property" },
        { """{"a":"seed-valid","b":42}""", "b", "" },
        { """["seed-valid","seed-same"]""", "", "object" },
        { """{"a":"seed-valid","b":""" + KerasDocuments.Keras2With("""{"class_name":"LSTM","config":{"units":4}}""") + "}", "b.config.layers[1].class_name", "LSTM" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Compare_InvalidSide_Returns400WithPrefixedPath(string body, string path, string mention)
    {
        var problem = await (await _client.PostCompareAsync(body)).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains(mention, Assert.Single(problem.ErrorsAt(path)));
    }

    [Fact]
    public async Task Compare_BothSidesInvalid_ReportsBoth()
    {
        var problem = await (await _client.PostCompareAsync("""{"a":"nope","b":{"layers":[{"type":"Dense"}]}}""")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.NotEmpty(problem.ErrorsAt("a"));
        Assert.NotEmpty(problem.ErrorsAt("b.layers[0].units"));
    }

    [Fact]
    public async Task Compare_MalformedJson_Returns400()
    {
        var problem = await (await _client.PostCompareAsync("""{"a":"seed-valid","b":""")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.StartsWith("Malformed JSON", Assert.Single(problem.ErrorsAt("")));
    }

    [Fact]
    public async Task Compare_NonJsonContentType_Returns415()
    {
        var response = await _client.PostAsync(ArchitectureJson.CompareUrl, ArchitectureJson.Content("a=seed-valid&b=seed-same", "application/x-www-form-urlencoded"));

        await response.ProblemAsync(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Compare_ChunkedBodyOverLimit_Returns413()
    {
        var body = """{"a":"seed-valid","b":"seed-same"}""" + new string(' ', 1024 * 1024);

        var response = await _client.PostAsync(ArchitectureJson.CompareUrl, ArchitectureJson.Unsized(System.Text.Encoding.UTF8.GetBytes(body)));

        await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }
}
