using System.Net;
using CnnApi.Architectures.Presets;
using CnnApi.Architectures.Summaries;
using CnnApi.Tests.Infrastructure;

namespace CnnApi.Tests.Architectures;

/// <summary>GET /api/v1/architectures/presets: the seed models and more, each spec summarising back to its totals.</summary>
public sealed class ArchitecturePresetsTests(CnnApiFactory factory) : IClassFixture<CnnApiFactory>
{
    private readonly HttpClient _client = factory.CreateClient();

    [Fact]
    public async Task Presets_List_HasSeedModelsLeNetAndA99PercentModel()
    {
        var presets = (await (await _client.GetAsync(ArchitectureJson.PresetsUrl)).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToArray();

        var names = presets.Select(p => p.GetProperty("name").GetString()).ToArray();
        Assert.Subset(names.ToHashSet(), new HashSet<string?> { "seed-valid", "seed-same", "lenet5" });
        Assert.Contains(presets, p => p.GetProperty("description").GetString()!.Contains("99%", StringComparison.Ordinal));
        Assert.All(presets, p => Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("description").GetString())));
        Assert.Equal(names.Length, names.Distinct().Count());
    }

    [Theory]
    [InlineData("seed-valid", 2_002_698)]
    [InlineData("seed-same", 3_231_498)]
    [InlineData("lenet5", 61_706)]
    [InlineData("mnist-convnet", 34_826)]
    public async Task Presets_SpecPostedToSummary_GivesKnownTotal(string name, long totalParams)
    {
        var spec = await PresetSpecAsync(name);

        var summary = await (await _client.PostSummaryAsync(spec)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(name, summary.GetProperty("name").GetString());
        Assert.Equal(totalParams, summary.GetProperty("totalParams").GetInt64());
    }

    [Fact]
    public async Task Presets_EverySpecRoundTrips_ToTheSummaryOfItsArchitecture()
    {
        var presets = (await (await _client.GetAsync(ArchitectureJson.PresetsUrl)).JsonAsync(HttpStatusCode.OK)).EnumerateArray();

        foreach (var preset in presets)
        {
            var name = preset.GetProperty("name").GetString()!;
            var expected = Summarizer.Summarize(ArchitecturePresets.Find(name)!.Architecture).Summary!;
            var summary = await (await _client.PostSummaryAsync(preset.GetProperty("spec").GetRawText())).JsonAsync(HttpStatusCode.OK);
            Assert.Equal(expected.TotalParams, summary.GetProperty("totalParams").GetInt64());
            Assert.Equal(expected.TotalMacs, summary.GetProperty("totalMacs").GetInt64());
            Assert.Equal(expected.Layers.Select(l => l.Name), summary.GetProperty("layers").EnumerateArray().Select(l => l.GetProperty("name").GetString()));
        }
    }

    private async Task<string> PresetSpecAsync(string name)
    {
        var presets = await (await _client.GetAsync(ArchitectureJson.PresetsUrl)).JsonAsync(HttpStatusCode.OK);
        return presets.EnumerateArray().Single(p => p.GetProperty("name").GetString() == name).GetProperty("spec").GetRawText();
    }
}
