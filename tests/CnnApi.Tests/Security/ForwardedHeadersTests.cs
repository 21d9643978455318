using System.Net;
using CnnApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace CnnApi.Tests.Security;

/// <summary>
/// Behind a reverse proxy every request comes from the proxy's address: without <c>ForwardedHeaders</c> all clients
/// would share one rate-limit bucket. A configured proxy's <c>X-Forwarded-For</c> names the client; anyone else's is
/// ignored (it could be forged). Requests go through the test server with the connection's remote address set.
/// </summary>
public sealed class ForwardedHeadersTests
{
    private const string Proxy = "10.244.1.7";

    private static CnnApiFactory Factory(params (string Key, string Value)[] settings) => CnnApiFactory.With(
        [.. settings, ("RateLimits:Enabled", "true"), ("RateLimits:Predictions:PermitsPerSecond", "1"), ("RateLimits:Predictions:Burst", "2")]);

    /// <summary>An anonymous prediction for an unknown model (404 when the bucket lets it through, 429 when not).</summary>
    private static async Task<int> PredictAsync(CnnApiFactory factory, string from, string? forwardedFor)
    {
        var context = await factory.Server.SendAsync(c =>
        {
            c.Request.Method = HttpMethods.Post;
            c.Request.Path = $"/api/v1/models/{Guid.NewGuid()}/predictions";
            c.Connection.RemoteIpAddress = IPAddress.Parse(from);
            if (forwardedFor is not null) c.Request.Headers["X-Forwarded-For"] = forwardedFor;
        });
        return context.Response.StatusCode;
    }

    [Fact]
    public async Task ConfiguredProxy_EachForwardedClientHasItsOwnBucket()
    {
        using var factory = Factory(("ForwardedHeaders:KnownNetworks:0", "10.244.0.0/16"));
        await PredictAsync(factory, "10.9.9.9", null);  // warm: routing and the limiter, on a bucket of its own

        var first = new[] { await PredictAsync(factory, Proxy, "203.0.113.5"), await PredictAsync(factory, Proxy, "203.0.113.5"),
            await PredictAsync(factory, Proxy, "203.0.113.5") };
        var other = await PredictAsync(factory, Proxy, "198.51.100.20");

        Assert.Equal(404, first[0]);
        Assert.Contains(429, first);  // a burst of 2, one more per second: the third of three at once is refused
        Assert.Equal(404, other);     // another client behind the same proxy: its own bucket
    }

    [Fact]
    public async Task NoProxyConfigured_ForwardedForIsIgnored_SoItCannotBuyFreshBuckets()
    {
        using var factory = Factory();
        await PredictAsync(factory, "10.9.9.9", null);

        var answers = new List<int>();
        for (var i = 0; i < 4; i++) answers.Add(await PredictAsync(factory, "192.0.2.50", $"203.0.113.{i + 1}"));

        Assert.Contains(429, answers);  // every request counted against 192.0.2.50, whatever it claimed
    }

    [Fact]
    public async Task ForwardedForFromAnAddressThatIsNotAConfiguredProxy_IsIgnored()
    {
        using var factory = Factory(("ForwardedHeaders:KnownProxies:0", Proxy));
        await PredictAsync(factory, "10.9.9.9", null);

        var answers = new List<int>();
        for (var i = 0; i < 4; i++) answers.Add(await PredictAsync(factory, "192.0.2.50", $"203.0.113.{i + 1}"));

        Assert.Contains(429, answers);
    }

    [Theory]
    [InlineData("ForwardedHeaders:KnownProxies:0", "not-an-address", "ForwardedHeaders:KnownProxies:0")]
    [InlineData("ForwardedHeaders:KnownNetworks:0", "10.244.0.0/99", "ForwardedHeaders:KnownNetworks:0")]
    public void MalformedProxySetting_StopsTheStartNamingIt(string key, string value, string named)
    {
        using var factory = Factory((key, value));

        var e = Assert.ThrowsAny<Exception>(() => factory.Server);
        Assert.Contains(named, e.ToString());
    }
}
