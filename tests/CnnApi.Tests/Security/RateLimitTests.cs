using System.Net;
using System.Text;
using CnnApi.Tests.Infrastructure;

namespace CnnApi.Tests.Security;

/// <summary>
/// Per-client token buckets on predictions, job submission, exports, evaluations and generated code: 429 with Retry-After,
/// per key or address, and an off switch.
/// </summary>
public sealed class RateLimitTests
{
    /// <summary>A second accepted key: its own buckets warm the host (routing, the limiter) before a burst is counted.</summary>
    private const string WarmUpKey = "warm-up-key-0123456789";

    private static CnnApiFactory Factory(bool enabled = true) => new(new Dictionary<string, string?>
    {
        ["Auth:ApiKeys:1"] = WarmUpKey,
        ["RateLimits:Enabled"] = enabled ? "true" : "false",
        ["RateLimits:Predictions:PermitsPerSecond"] = "1",
        ["RateLimits:Predictions:Burst"] = "3",
        ["RateLimits:TrainingJobs:PermitsPerSecond"] = "1",
        ["RateLimits:TrainingJobs:Burst"] = "2",
        ["RateLimits:Exports:PermitsPerSecond"] = "1",
        ["RateLimits:Exports:Burst"] = "2",
        ["RateLimits:Evaluations:PermitsPerSecond"] = "1",
        ["RateLimits:Evaluations:Burst"] = "2",
        ["RateLimits:Code:PermitsPerSecond"] = "1",
        ["RateLimits:Code:Burst"] = "2",
    });

    [Fact]
    public async Task Predict_PastTheBurst_Returns429WithRetryAfter()
    {
        using var factory = Factory();
        var client = factory.CreateClient();
        await WarmUpAsync(factory, $"/api/v1/models/{Guid.NewGuid()}/predictions", null);

        // Ten at once against a burst of three (one more per second: a slow machine may earn one or two back; on a
        // cold, loaded host the first request's compilation can spread the ten over seconds, hence the warm-up above).
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.PostAsync($"/api/v1/models/{Guid.NewGuid()}/predictions", null)));

        Assert.InRange(responses.Count(r => r.StatusCode == HttpStatusCode.NotFound), 3, 5);
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(10, refused.Count + responses.Count(r => r.StatusCode == HttpStatusCode.NotFound));
        var problem = await refused[0].ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains("predictions", problem.GetProperty("detail").GetString());
        Assert.True(int.Parse(refused[0].Headers.GetValues("Retry-After").Single()) >= 1);
    }

    [Fact]
    public async Task Predict_ClientWithAcceptedKey_HasItsOwnBucket()
    {
        using var factory = Factory();
        var anonymous = factory.CreateClient();
        var forged = factory.CreateClient();
        forged.DefaultRequestHeaders.Add("X-Api-Key", "not-an-accepted-key-000");
        var keyed = factory.CreateKeyedClient();
        Task<HttpResponseMessage[]> Burst(HttpClient client, int count) =>
            Task.WhenAll(Enumerable.Range(0, count).Select(_ => client.PostAsync($"/api/v1/models/{Guid.NewGuid()}/predictions", null)));

        await Burst(anonymous, 10);
        var withForgedKey = await Burst(forged, 6);
        var withKey = await Burst(keyed, 3);

        Assert.Contains(withForgedKey, r => r.StatusCode == HttpStatusCode.TooManyRequests); // a made-up key buys no fresh bucket
        Assert.All(withKey, r => Assert.Equal(HttpStatusCode.NotFound, r.StatusCode));
    }

    [Fact]
    public async Task StartJob_PastTheBurst_Returns429BeforeTheBodyIsRead()
    {
        using var factory = Factory();
        var client = factory.CreateKeyedClient();
        await WarmUpAsync(factory, "/api/v1/training-jobs", """{"epochs":0}""");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ =>
            client.PostAsync("/api/v1/training-jobs", new StringContent("""{"epochs":0}""", Encoding.UTF8, "application/json"))));

        Assert.InRange(responses.Count(r => r.StatusCode == HttpStatusCode.BadRequest), 2, 4);
        var refused = responses.First(r => r.StatusCode == HttpStatusCode.TooManyRequests);
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

    [Theory]
    [InlineData("exports", "GET", "/api/v1/models/{0}/export?format=onnx", HttpStatusCode.NotFound)]
    [InlineData("evaluations", "GET", "/api/v1/models/{0}/evaluation", HttpStatusCode.NotFound)]
    [InlineData("code", "POST", "/api/v1/architectures/code?format=pytorch", HttpStatusCode.OK)]
    public async Task CostlyAnonymousEndpoint_PastTheBurst_Returns429WithRetryAfter_NamingThePolicy(string policy, string method, string url, HttpStatusCode served)
    {
        using var factory = Factory();
        var client = factory.CreateClient();
        HttpRequestMessage Request() => new(new HttpMethod(method), string.Format(url, Guid.NewGuid()))
        {
            Content = method == "POST" ? new StringContent("\"seed-valid\"", Encoding.UTF8, "application/json") : null,
        };

        using (var warm = factory.CreateClient())
        {
            warm.DefaultRequestHeaders.Add("X-Api-Key", WarmUpKey);
            Assert.Equal(served, (await warm.SendAsync(Request())).StatusCode);
        }

        // Six at once against a burst of two (one more per second: a slow machine may earn one or two back).
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => client.SendAsync(Request())));

        Assert.InRange(responses.Count(r => r.StatusCode == served), 2, 4);
        var refused = responses.Where(r => r.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.Equal(6, refused.Count + responses.Count(r => r.StatusCode == served));
        var problem = await refused[0].ProblemAsync(HttpStatusCode.TooManyRequests);
        Assert.Contains(policy, problem.GetProperty("detail").GetString());
        Assert.True(int.Parse(refused[0].Headers.GetValues("Retry-After").Single()) >= 1);
    }

    /// <summary>One request under <see cref="WarmUpKey"/>'s own bucket: the burst that follows is timed on a warm host.</summary>
    private static async Task WarmUpAsync(CnnApiFactory factory, string url, string? json)
    {
        using var warm = factory.CreateClient();
        warm.DefaultRequestHeaders.Add("X-Api-Key", WarmUpKey);
        var response = await warm.PostAsync(url, json is null ? null : new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.NotEqual(HttpStatusCode.TooManyRequests, response.StatusCode);
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
