using System.Net;
using CnnApi.Tests.Infrastructure;

namespace CnnApi.Tests.Architectures;

/// <summary>The spec limits are inclusive: 200 layers and a 4096×4096×64 input are summarised, one more is a 400.</summary>
public sealed class ArchitectureLimitTests(CnnApiFactory factory) : IClassFixture<CnnApiFactory>
{
    private const string Relu = """{"type":"Activation","activation":"relu"}""";
    private const string KerasRelu = """{"class_name":"Activation","config":{"name":"a","activation":"relu"}}""";
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Summary_ExactlyTwoHundredLayers_Returns200()
    {
        var summary = await (await _client.PostSummaryAsync(ArchitectureJson.Spec("[28,28,1]", Enumerable.Repeat(Relu, 200).ToArray()))).JsonAsync(HttpStatusCode.OK);

        Assert.Equal("activation_199", summary.GetProperty("layers")[199].GetProperty("name").GetString());
    }

    [Theory]
    [InlineData(198, HttpStatusCode.OK)]          // InputLayer, then 198 + Flatten + Dense = 200 layers
    [InlineData(199, HttpStatusCode.BadRequest)]  // 201 layers
    public async Task Summary_KerasDocumentLayerCount_CountsLayersNotTheInputLayer(int activations, HttpStatusCode status)
    {
        var response = await _client.PostSummaryAsync(KerasDocuments.Keras2With(string.Join(",", Enumerable.Repeat(KerasRelu, activations))));

        if (status == HttpStatusCode.OK)
            Assert.Equal(200, (await response.JsonAsync(status)).GetProperty("layers").GetArrayLength());
        else
            Assert.Contains("200", Assert.Single((await response.ProblemAsync(status)).ErrorsAt("config.layers")));
    }

    [Fact]
    public async Task Summary_LargestInputThroughGlobalPooling_Returns200()
    {
        var summary = await (await _client.PostSummaryAsync(ArchitectureJson.Spec("[4096,4096,64]",
            """{"type":"GlobalAveragePooling2D"}""", """{"type":"Dense","units":10}"""))).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(650, summary.GetProperty("totalParams").GetInt64());
    }

    [Fact]
    public async Task Summary_InvalidSpecWithAcceptTextPlain_StillAnswersProblemJson()
    {
        var response = await _client.PostSummaryAsync(ArchitectureJson.Spec("[28,28,1]", """{"type":"Dense","unitz":1}"""), "text/plain");

        Assert.NotEmpty((await response.ProblemAsync(HttpStatusCode.BadRequest)).ErrorsAt("layers[0].unitz"));
    }
}
