using System.Net;
using CnnApi.Tests.Infrastructure;

namespace CnnApi.Tests.TrainingJobs;

/// <summary>The job request's <c>augmentation</c>: each rule a 400 by JSON path; the job records it with defaults filled in.</summary>
public sealed class TrainingJobAugmentationTests(CnnApiFactory factory) : IClassFixture<CnnApiFactory>
{
    private readonly HttpClient _client = factory.CreateKeyedClient();

    public static TheoryData<string, string> InvalidAugmentations => new()
    {
        { """{"shift":-1}""", "augmentation.shift" },
        { """{"shift":15}""", "augmentation.shift" },
        { """{"rotation":-5}""", "augmentation.rotation" },
        { """{"rotation":181}""", "augmentation.rotation" },
        { """{"zoom":-0.1}""", "augmentation.zoom" },
        { """{"zoom":0.6}""", "augmentation.zoom" },
        { """{"shear":3}""", "augmentation.shear" },
        { """{"shift":"two"}""", "augmentation.shift" },
    };

    [Theory]
    [MemberData(nameof(InvalidAugmentations))]
    public async Task Start_InvalidAugmentation_Returns400NamingTheField(string augmentation, string path)
    {
        var body = $$"""{"preset":"mnist-convnet","augmentation":{{augmentation}}}""";
        var response = await _client.PostAsync("/api/v1/training-jobs", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.ErrorsAt(path));
    }

    [Fact]
    public async Task Start_PartialAugmentation_JobRecordsEveryFieldWithZeroForTheMissing()
    {
        var jobs = new JobClient(_client);
        var job = await jobs.StartAsync(new { preset = "mnist-convnet", trainLimit = 64, testLimit = 10, augmentation = new { rotation = 12.5 } });
        var id = job.GetProperty("id").GetString()!;
        await _client.PostAsync($"/api/v1/training-jobs/{id}/cancel", null);

        var recorded = job.GetProperty("request").GetProperty("augmentation");
        Assert.Equal((0.0, 12.5, 0.0), (recorded.GetProperty("shift").GetDouble(), recorded.GetProperty("rotation").GetDouble(),
            recorded.GetProperty("zoom").GetDouble()));
    }
}
