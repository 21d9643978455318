using System.Net;
using System.Text.Json;
using CnnApi.Tests.Infrastructure;

namespace CnnApi.Tests.Architectures;

/// <summary>POST /api/v1/architectures/summary: Keras-exact JSON for both dialects, and the text table on request.</summary>
public sealed class ArchitectureSummaryTests(CnnApiFactory factory) : IClassFixture<CnnApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Summary_SeedValid_MatchesKerasLayerByLayer()
    {
        var summary = await (await _client.PostSummaryAsync(ArchitectureJson.SeedValid)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("seed-valid", summary.GetProperty("name").GetString());
        Assert.Equal("[null,28,28,1]", summary.GetProperty("inputShape").GetRawText().Replace(" ", ""));
        AssertLayers(summary,
            ("conv2d", "Conv2D", "[null,26,26,32]", 320), ("conv2d_1", "Conv2D", "[null,24,24,32]", 9_248),
            ("conv2d_2", "Conv2D", "[null,22,22,32]", 9_248), ("flatten", "Flatten", "[null,15488]", 0),
            ("dense", "Dense", "[null,128]", 1_982_592), ("dense_1", "Dense", "[null,10]", 1_290));
        Assert.Equal(2_002_698, summary.GetProperty("totalParams").GetInt64());
        Assert.Equal(2_002_698, summary.GetProperty("trainableParams").GetInt64());
        Assert.Equal(0, summary.GetProperty("nonTrainableParams").GetInt64());
        Assert.Equal(2_002_698L * 4, summary.GetProperty("paramBytes").GetInt64());
        // 26²·32·9 + 24²·32·288 + 22²·32·288 + 15488·128 + 128·10
        Assert.Equal(194_688L + 5_308_416 + 4_460_544 + 1_982_464 + 1_280, summary.GetProperty("totalMacs").GetInt64());
    }

    [Fact]
    public async Task Summary_SeedSame_KeepsTwentyEightAndCounts3231498()
    {
        var summary = await (await _client.PostSummaryAsync(ArchitectureJson.SeedSame)).JsonAsync(HttpStatusCode.OK);

        AssertLayers(summary,
            ("conv2d", "Conv2D", "[null,28,28,32]", 320), ("conv2d_1", "Conv2D", "[null,28,28,32]", 9_248),
            ("conv2d_2", "Conv2D", "[null,28,28,32]", 9_248), ("flatten", "Flatten", "[null,25088]", 0),
            ("dense", "Dense", "[null,128]", 3_211_392), ("dense_1", "Dense", "[null,10]", 1_290));
        Assert.Equal(3_231_498, summary.GetProperty("totalParams").GetInt64());
    }

    [Fact]
    public async Task Summary_Keras2Document_ReadsInputLayerAndSnakeCase()
    {
        var summary = await (await _client.PostSummaryAsync(KerasDocuments.Keras2SeedValid)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("sequential", summary.GetProperty("name").GetString());
        Assert.Equal(2_002_698, summary.GetProperty("totalParams").GetInt64());
        Assert.Equal("[null,22,22,32]", summary.GetProperty("layers")[2].GetProperty("outputShape").GetRawText().Replace(" ", ""));
    }

    [Fact]
    public async Task Summary_Keras3Document_ReadsBatchShapeAndBatchNormalization()
    {
        var summary = await (await _client.PostSummaryAsync(KerasDocuments.Keras3WithBatchNorm)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("keras3_model", summary.GetProperty("name").GetString());
        AssertLayers(summary,
            ("conv2d", "Conv2D", "[null,28,28,32]", 320), ("batch_normalization", "BatchNormalization", "[null,28,28,32]", 128),
            ("max_pooling2d", "MaxPooling2D", "[null,14,14,32]", 0), ("flatten", "Flatten", "[null,6272]", 0),
            ("dense", "Dense", "[null,10]", 62_730));
        Assert.Equal(320 + 128 + 62_730, summary.GetProperty("totalParams").GetInt64());
        Assert.Equal(64, summary.GetProperty("nonTrainableParams").GetInt64());
    }

    [Fact]
    public async Task Summary_AcceptTextPlain_ReturnsKerasTable()
    {
        var response = await _client.PostSummaryAsync(ArchitectureJson.SeedValid, "text/plain");
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("Model: \"seed-valid\"", text);
        Assert.Contains("Total params: 2,002,698", text);
        Assert.Contains("conv2d_2 (Conv2D)", text);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("application/json")]
    [InlineData("*/*")]
    [InlineData("text/plain;q=0.5, application/json")]
    [InlineData("text/plain, application/json")]
    [InlineData("text/plain;q=0")]
    [InlineData("text/plain;q=0, */*;q=0.1")]
    public async Task Summary_AcceptPrefersJsonOrTies_ReturnsJson(string? accept)
    {
        var response = await _client.PostSummaryAsync(ArchitectureJson.SeedValid, accept);

        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = await response.JsonAsync(HttpStatusCode.OK);
        Assert.Equal(2_002_698, json.GetProperty("totalParams").GetInt64());
    }

    [Theory]
    [InlineData("application/json;q=0.5, text/plain")]
    [InlineData("text/*")]
    public async Task Summary_AcceptRanksTextAboveJson_ReturnsText(string accept)
    {
        var response = await _client.PostSummaryAsync(ArchitectureJson.SeedSame, accept);

        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Total params: 3,231,498", await response.Content.ReadAsStringAsync());
    }

    private static void AssertLayers(JsonElement summary, params (string Name, string Type, string Shape, long Params)[] expected)
    {
        var layers = summary.GetProperty("layers").EnumerateArray()
            .Select(l => (l.GetProperty("name").GetString()!, l.GetProperty("type").GetString()!,
                l.GetProperty("outputShape").GetRawText().Replace(" ", ""), l.GetProperty("params").GetInt64()))
            .ToArray();
        Assert.Equal(expected, layers);
    }
}
