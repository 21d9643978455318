using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using CnnApi.Tests.Infrastructure;

namespace CnnApi.Tests.Architectures;

/// <summary>A preset's <c>recommendedTraining</c>, shown by the presets endpoint, is a job request that the API accepts as it is.</summary>
public sealed class PresetRecipeTests
{
    [Fact]
    public async Task Presets_AccuracyPreset_CarriesItsRecipe_OthersNone()
    {
        await using var factory = new CnnApiFactory();
        var presets = await PresetsAsync(factory.CreateClient());

        var withRecipe = presets.Where(p => p.TryGetProperty("recommendedTraining", out _)).Select(p => p.GetProperty("name").GetString()).ToList();
        Assert.Equal(["mnist-bn"], withRecipe);
        var recipe = Recipe(presets, "mnist-bn");
        Assert.False(recipe.TryGetProperty("preset", out _));
        Assert.False(recipe.TryGetProperty("architecture", out _));
        Assert.True(recipe.TryGetProperty("augmentation", out _));
    }

    [Fact]
    public async Task RecommendedTraining_SubmittedAsIs_IsAValidJob_RecordedAsGiven()
    {
        // API-only node: the job is planned and queued exactly as a client would get it, but not trained (15 full epochs).
        await using var factory = new CnnApiFactory(new Dictionary<string, string?> { ["Training:WorkerEnabled"] = "false" });
        var client = factory.CreateKeyedClient();
        var recipe = Recipe(await PresetsAsync(client), "mnist-bn");
        var request = JsonNode.Parse(recipe.GetRawText())!.AsObject();
        request["preset"] = "mnist-bn";

        var job = await new JobClient(client).StartAsync(request);

        Assert.Equal("queued", JobClient.Status(job));
        var recorded = job.GetProperty("request");
        // The job records every default filled in: each value the recipe gives must be there as given.
        foreach (var field in recipe.EnumerateObject())
            Assert.True(Holds(field.Value, recorded.GetProperty(field.Name)),
                $"{field.Name}: the recipe says {field.Value}, the job recorded {recorded.GetProperty(field.Name)}");
    }

    [Fact]
    public async Task RecommendedTraining_WithATinyTrainLimit_TrainsToAModel()
    {
        await using var factory = new CnnApiFactory();
        var client = factory.CreateKeyedClient();
        var request = JsonNode.Parse(Recipe(await PresetsAsync(client), "mnist-bn").GetRawText())!.AsObject();
        request["preset"] = "mnist-bn";
        // The test's only change: a few hundred images, one epoch (the recipe itself is a benchmark: docs/benchmarks.md).
        (request["trainLimit"], request["testLimit"], request["epochs"]) = (384, 200, 1);
        var jobs = new JobClient(client);

        var job = await jobs.WaitForEndAsync((await jobs.StartAsync(request)).GetProperty("id").GetString()!, seconds: 300);

        Assert.True(JobClient.Status(job) == "succeeded", job.ToString());
    }

    /// <summary>Whether <paramref name="actual"/> has every value of <paramref name="given"/> (objects: given's properties; numbers by value).</summary>
    private static bool Holds(JsonElement given, JsonElement actual) => given.ValueKind switch
    {
        JsonValueKind.Object => actual.ValueKind == JsonValueKind.Object
            && given.EnumerateObject().All(p => actual.TryGetProperty(p.Name, out var a) && Holds(p.Value, a)),
        JsonValueKind.Number => actual.ValueKind == JsonValueKind.Number && given.GetDouble() == actual.GetDouble(),
        _ => JsonNode.DeepEquals(JsonNode.Parse(given.GetRawText()), JsonNode.Parse(actual.GetRawText())),
    };

    private static async Task<List<JsonElement>> PresetsAsync(HttpClient client) =>
        (await (await client.GetAsync("/api/v1/architectures/presets")).JsonAsync(HttpStatusCode.OK)).EnumerateArray().ToList();

    private static JsonElement Recipe(List<JsonElement> presets, string name) =>
        presets.Single(p => p.GetProperty("name").GetString() == name).GetProperty("recommendedTraining");
}
