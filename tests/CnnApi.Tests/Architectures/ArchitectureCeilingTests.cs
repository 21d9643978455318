using System.Net;
using CnnApi.Tests.Infrastructure;

namespace CnnApi.Tests.Architectures;

/// <summary>The host's <c>Architectures:MaxTotalParams</c> reaches the summarizer: 1,000,000 here, so seed-valid is refused.</summary>
public sealed class ArchitectureCeilingTests(ArchitectureCeilingTests.LowCeilingFactory factory) : IClassFixture<ArchitectureCeilingTests.LowCeilingFactory>
{
    /// <summary>The host with a one-million-parameter ceiling.</summary>
    public sealed class LowCeilingFactory() : CnnApiFactory(new Dictionary<string, string?> { ["Architectures:MaxTotalParams"] = "1000000" });

    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Summary_OverConfiguredCeiling_Returns400AtTheLayerThatCrossesIt()
    {
        var problem = await (await _client.PostSummaryAsync(ArchitectureJson.SeedValid)).ProblemAsync(HttpStatusCode.BadRequest);

        // 320 + 9,248 + 9,248 after three convolutions; the first Dense brings the total to 2,001,408.
        var message = Assert.Single(problem.ErrorsAt("layers[4]"));
        Assert.Contains("2,001,408", message);
        Assert.Contains("1,000,000", message);
    }

    [Fact]
    public async Task Summary_UnderConfiguredCeiling_Returns200()
    {
        var summary = await (await _client.PostSummaryAsync("""{"layers":[{"type":"Flatten"},{"type":"Dense","units":1000}]}""")).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(785_000, summary.GetProperty("totalParams").GetInt64());
    }

    [Fact]
    public async Task Compare_PresetOverConfiguredCeiling_Returns400Prefixed()
    {
        var problem = await (await _client.PostCompareAsync("""{"a":"lenet5","b":"seed-same"}""")).ProblemAsync(HttpStatusCode.BadRequest);

        Assert.Contains("1,000,000", Assert.Single(problem.ErrorsAt("b.layers[4]")));
    }
}
