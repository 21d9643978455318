using System.Net;
using System.Text;
using CnnApi.Tests.Infrastructure;

namespace CnnApi.Tests.Security;

/// <summary>Per-client token buckets on predictions and job submission: 429 with Retry-After, per key or address, and an off switch.</summary>
public sealed class RateLimitTests
{
    private static CnnApiFactory Factory(bool enabled = true) => new(new Dictionary<string, string?>
    {
        ["RateLimits:Enabled"] = enabled ? "true" : "false",
        ["RateLimits:Predictions:PermitsPerSecond"] = "1",
        ["RateLimits:Predictions:Burst"] = "3",
        ["RateLimits:TrainingJobs:PermitsPerSecond"] = "1",
        ["RateLimits:TrainingJobs:Burst"] = "2",
    });

    [Fact]
    public async Task Predict_PastTheBurst_Returns429WithRetryAfter()
    {
        using var factory = Factory();
        var client = factory.CreateClient();

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) statuses.Add((await client.PostAsync($"/api/v1/models/{Guid.NewGuid()}/predictions", null)).StatusCode);
        var refused = await client.PostAsync("/api/v1/predictions", null);

        Assert.Equal(3, statuses.Count(s => s == HttpStatusCode.NotFound));
        var problem = await refused.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("predictions", problem.GetProperty("detail").GetString());
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single()) >= 1);
    }

    [Fact]
    public async Task Predict_ClientWithAcceptedKey_HasItsOwnBucket()
    {
        using var factory = Factory();
        var anonymous = factory.CreateClient();
        for (var i = 0; i < 4; i++) await anonymous.PostAsync($"/api/v1/models/{Guid.NewGuid()}/predictions", null);
        var forged = factory.CreateClient();
        forged.DefaultRequestHeaders.Add("X-Api-Key", "not-an-accepted-key-000");

        var keyed = await factory.CreateKeyedClient().PostAsync($"/api/v1/models/{Guid.NewGuid()}/predictions", null);
        var withForgedKey = await forged.PostAsync($"/api/v1/models/{Guid.NewGuid()}/predictions", null);

        Assert.Equal(HttpStatusCode.NotFound, keyed.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, withForgedKey.StatusCode); // a made-up key buys no fresh bucket
    }

    [Fact]
    public async Task StartJob_PastTheBurst_Returns429BeforeTheBodyIsRead()
    {
        using var factory = Factory();
        var client = factory.CreateKeyedClient();
        var body = () => new StringContent("""{"epochs":0}""", Encoding.UTF8, "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/api/v1/training-jobs", body())).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.PostAsync("/api/v1/training-jobs", body())).StatusCode);
        var refused = await client.PostAsync("/api/v1/training-jobs", body());

        await refused.ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.True(refused.Headers.Contains("Retry-After"));
    }

    [Fact]
    public async Task Predict_RateLimitsOff_NeverReturns429()
    {
        using var factory = Factory(enabled: false);
        var client = factory.CreateClient();

        for (var i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/v1/models/{Guid.NewGuid()}/predictions", null)).StatusCode);
    }

    [Fact]
    public async Task Summary_IsNotRateLimited()
    {
        using var factory = Factory();
        var client = factory.CreateClient();

        for (var i = 0; i < 10; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/architectures/presets")).StatusCode);
    }
}
