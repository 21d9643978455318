using System.Net;
using CnnApi.Tests.Infrastructure;
using Microsoft.Extensions.Options;

namespace CnnApi.Tests.Security;

/// <summary>
/// Security headers, CORS closed unless configured, AllowedHosts, and the minimum API key length. Preflights and
/// refused hosts are answered before any endpoint, outside the OpenAPI contract: those use unchecked clients.
/// </summary>
public sealed class HostProtectionTests(CnnApiFactory factory) : IClassFixture<CnnApiFactory>
{
    [Theory]
    [InlineData("/api/v1/architectures/presets")]
    [InlineData("/api/v1/models/00000000-0000-0000-0000-000000000001")]
    [InlineData("/health/live")]
    public async Task Get_AnyAnswer_CarriesSecurityHeaders(string url)
    {
        var response = await factory.CreateClient().GetAsync(url);

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Contains("default-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.False(response.Headers.Contains("Server"));
    }

    [Fact]
    public async Task Preflight_NoOriginsConfigured_GrantsNothing()
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/training-jobs");
        request.Headers.Add("Origin", "https://evil.example");
        request.Headers.Add("Access-Control-Request-Method", "POST");

        var response = await factory.CreateUncheckedClient().SendAsync(request);
        var simple = new HttpRequestMessage(HttpMethod.Get, "/api/v1/architectures/presets");
        simple.Headers.Add("Origin", "https://evil.example");
        var get = await factory.CreateUncheckedClient().SendAsync(simple);

        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(get.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Preflight_ConfiguredOrigin_IsAllowedAndOthersAreNot()
    {
        using var open = new CnnApiFactory(new Dictionary<string, string?> { ["Cors:AllowedOrigins:0"] = "https://app.example" });
        HttpRequestMessage Preflight(string origin)
        {
            var request = new HttpRequestMessage(HttpMethod.Options, "/api/v1/training-jobs");
            request.Headers.Add("Origin", origin);
            request.Headers.Add("Access-Control-Request-Method", "POST");
            request.Headers.Add("Access-Control-Request-Headers", "x-api-key,content-type");
            return request;
        }

        var allowed = await open.CreateUncheckedClient().SendAsync(Preflight("https://app.example"));
        var other = await open.CreateUncheckedClient().SendAsync(Preflight("https://evil.example"));

        Assert.Equal("https://app.example", allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.False(other.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Theory]
    [InlineData("evil.example", HttpStatusCode.BadRequest)]
    [InlineData("localhost", HttpStatusCode.OK)]
    [InlineData("127.0.0.1:5080", HttpStatusCode.OK)]
    public async Task Get_HostHeader_IsCheckedAgainstAllowedHosts(string host, HttpStatusCode expected)
    {
        using var hosts = new CnnApiFactory(new Dictionary<string, string?> { ["AllowedHosts"] = "localhost;127.0.0.1;[::1]" });
        var request = new HttpRequestMessage(HttpMethod.Get, "/health/live");
        request.Headers.Host = host;

        Assert.Equal(expected, (await hosts.CreateUncheckedClient().SendAsync(request)).StatusCode);
    }

    [Fact]
    public void Start_ShortConfiguredKey_FailsNamingTheKey()
    {
        using var weak = new CnnApiFactory(new Dictionary<string, string?> { ["Auth:ApiKeys:1"] = "hunter2" });

        var error = Assert.ThrowsAny<Exception>(() => weak.CreateClient());

        var validation = Assert.IsType<OptionsValidationException>(error is OptionsValidationException ? error : error.InnerException ?? error);
        Assert.Contains("Auth:ApiKeys:1 is 7 characters long", validation.Message);
        Assert.DoesNotContain("hunter2", validation.Message);
    }

    [Fact]
    public async Task Metrics_AfterAPrediction_CountTheOutcomeByModelAndTheCache()
    {
        var client = factory.CreateClient();
        await client.PostAsync($"/api/v1/models/{Guid.NewGuid()}/predictions", null);

        var metrics = await client.GetStringAsync("/metrics");

        Assert.Contains("cnnapi_prediction_requests_total{model=\"unknown\",outcome=\"404\"}", metrics);
        Assert.Contains("cnnapi_model_cache_lookups_total{result=\"miss\"}", metrics);
        Assert.Contains("cnnapi_model_cache_loads_total", metrics);
    }
}
