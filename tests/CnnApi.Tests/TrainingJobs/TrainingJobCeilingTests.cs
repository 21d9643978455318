using System.Net;
using System.Net.Http.Json;
using CnnApi.Tests.Infrastructure;

namespace CnnApi.Tests.TrainingJobs;

/// <summary>A configured parameter ceiling holds for training submissions as for summaries.</summary>
public sealed class TrainingJobCeilingTests
{
    [Fact]
    public async Task Start_PresetOverConfiguredCeiling_Returns400AtTheLayer()
    {
        using var factory = new CnnApiFactory(new Dictionary<string, string?> { ["Architectures:MaxTotalParams"] = "1000000" });
        var response = await factory.CreateKeyedClient().PostAsJsonAsync("/api/v1/training-jobs", new { preset = "seed-valid" });
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.ErrorsAt("preset.layers[4]"));
    }
}
