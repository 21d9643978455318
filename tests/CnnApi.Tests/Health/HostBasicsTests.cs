using System.Net;
using CnnApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CnnApi.Tests.Health;

/// <summary>Health, Swagger, metrics and the error contract of the host itself.</summary>
public sealed class HostBasicsTests(CnnApiFactory factory) : IClassFixture<CnnApiFactory>
{
    [Fact]
    public async Task HealthLive_Returns200()
    {
        var response = await factory.CreateClient().GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task HealthReady_StoreReachable_Returns200WithEachCheck()
    {
        var report = await (await factory.CreateClient().GetAsync("/health/ready")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal("Healthy", report.GetProperty("status").GetString());
        Assert.Equal(["default-model", "store"], report.GetProperty("checks").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Order());
    }

    [Fact]
    public async Task HealthReady_StoreUnreachable_Returns503()
    {
        using var doomed = new CnnApiFactory();
        var client = doomed.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);

        // The store's folder disappears under the running host (a lost volume, say), in one step: a rename, because the
        // worker polls the store every 200 ms. A recursive delete is not one step: a poll landing between the pool clear
        // and the delete can pool a connection to the doomed file (the check then answers 200), or recreate the WAL
        // files mid-delete ("Directory not empty"); a loaded machine widens that gap. Pools are cleared after the rename: whatever was opened before it is
        // discarded when closed, and nothing can open the store's path after it.
        var lost = doomed.StorageRoot + ".lost";
        Directory.Move(doomed.StorageRoot, lost);
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            var report = await (await client.GetAsync("/health/ready")).JsonAsync(HttpStatusCode.ServiceUnavailable);
            Assert.Equal("Unhealthy", report.GetProperty("status").GetString());
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        }
        finally
        {
            try { Directory.Delete(lost, recursive: true); }
            catch (IOException) { /* a poll's connection still open on it; the temp folder is cleaned by the OS */ }
        }
    }

    [Fact]
    public async Task Swagger_ListsEveryContractEndpoint()
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/swagger/index.html")).StatusCode);
        var json = await (await client.GetAsync("/swagger/v1/swagger.json")).JsonAsync(HttpStatusCode.OK);
        var paths = json.GetProperty("paths");
        foreach (var path in new[]
                 {
                     "/api/v1/architectures/summary", "/api/v1/architectures/compare", "/api/v1/architectures/presets",
                     "/api/v1/training-jobs", "/api/v1/training-jobs/{id}", "/api/v1/training-jobs/{id}/events",
                     "/api/v1/training-jobs/{id}/cancel", "/api/v1/models", "/api/v1/models/{id}", "/api/v1/models/{id}/promote",
                     "/api/v1/models/{id}/weights", "/api/v1/models/{id}/predictions", "/api/v1/predictions",
                     "/health/live", "/health/ready", "/metrics",
                 })
            Assert.True(paths.TryGetProperty(path, out _), $"{path} missing from the OpenAPI document");
        Assert.True(json.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("ApiKey", out _));
    }

    [Fact]
    public async Task Metrics_PrometheusText()
    {
        var client = factory.CreateClient();
        await client.GetAsync("/health/live");
        var response = await client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("http_requests_received_total", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task UnknownRoute_Returns404ProblemDetails()
    {
        var response = await factory.CreateClient().GetAsync("/api/v1/nothing-here");
        await response.ProblemAsync(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task UnhandledException_Returns500ProblemWithTraceIdAndNoStackTrace()
    {
        using var throwing = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<IStartupFilter, ThrowingStartupFilter>()));
        var response = await throwing.CreateClient().GetAsync("/boom");
        var problem = await response.ProblemAsync(HttpStatusCode.InternalServerError);
        Assert.False(string.IsNullOrEmpty(problem.GetProperty("traceId").GetString()));
        var body = problem.ToString();
        Assert.DoesNotContain("secret detail", body);
        Assert.DoesNotContain("at CnnApi", body);
    }

    [Theory]
    [InlineData("Training:MaxConcurrentJobs", "0")]
    [InlineData("Training:MaxQueuedJobs", "-1")]
    [InlineData("Predictions:MaxImages", "0")]
    [InlineData("Architectures:MaxBodyBytes", "10")]
    [InlineData("Storage:Root", "")]
    public void BadSetting_StopsHostNamingTheKey(string key, string value)
    {
        using var bad = new CnnApiFactory(new Dictionary<string, string?> { [key] = value });
        var error = Assert.ThrowsAny<Exception>(() => bad.CreateClient());
        var messages = string.Join(" | ", Flatten(error).Select(e => e.Message));
        Assert.Contains(key.Split(':')[1], messages);
    }

    private static IEnumerable<Exception> Flatten(Exception e) =>
        e is AggregateException a ? a.InnerExceptions.SelectMany(Flatten) : e.InnerException is { } inner ? [e, .. Flatten(inner)] : [e];

    private sealed class ThrowingStartupFilter : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);
            app.Map("/boom", b => b.Run(_ => throw new InvalidOperationException("secret detail")));
        };
    }
}
