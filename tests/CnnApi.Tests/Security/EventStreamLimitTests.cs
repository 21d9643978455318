using System.Diagnostics;
using System.Net;
using System.Text;
using CnnApi.Tests.Infrastructure;

namespace CnnApi.Tests.Security;

/// <summary>Event streams are capped in number (503 with Retry-After past the cap) and in lifetime.</summary>
public sealed class EventStreamLimitTests : IDisposable
{
    private readonly CnnApiFactory _factory = new(new Dictionary<string, string?>
    {
        ["Training:WorkerEnabled"] = "false", // the job stays queued: its stream would never end by itself
        ["EventStreams:MaxConcurrent"] = "2",
        ["EventStreams:MaxLifetimeSeconds"] = "2",
    });

    [Fact]
    public async Task Events_PastTheCap_Returns503UntilAStreamEnds()
    {
        var id = await QueuedJobAsync();
        var client = _factory.CreateClient();
        var url = $"/api/v1/training-jobs/{id}/events";

        using var first = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        using var second = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        var third = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        await third.ProblemAsync(HttpStatusCode.ServiceUnavailable);
        Assert.Equal("5", third.Headers.GetValues("Retry-After").Single());

        // The lifetime ends both streams although the job is still queued; then there is room again.
        var clock = Stopwatch.StartNew();
        await (await first.Content.ReadAsStreamAsync()).CopyToAsync(Stream.Null);
        await (await second.Content.ReadAsStreamAsync()).CopyToAsync(Stream.Null);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{clock.Elapsed}");
        using var again = await client.GetAsync(url, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task Events_StreamAtItsLifetime_EndsAfterTheSnapshot()
    {
        var id = await QueuedJobAsync();

        var text = await _factory.CreateClient().GetStringAsync($"/api/v1/training-jobs/{id}/events");

        Assert.Contains("event: job", text);
    }

    private async Task<string> QueuedJobAsync()
    {
        var response = await _factory.CreateKeyedClient().PostAsync("/api/v1/training-jobs",
            new StringContent("""{"preset":"seed-valid","trainLimit":256,"testLimit":100}""", Encoding.UTF8, "application/json"));
        return (await response.JsonAsync(HttpStatusCode.Accepted)).GetProperty("id").GetString()!;
    }

    public void Dispose() => _factory.Dispose();
}
