using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CnnApi.Tests.Infrastructure;

/// <summary>Starts jobs and waits for them over HTTP, as a client would.</summary>
public sealed class JobClient(HttpClient client)
{
    /// <summary>A small, quick job: mnist-convnet on 1,024 images, one epoch.</summary>
    public static object QuickJob(int epochs = 1, int trainLimit = 1024) =>
        new { preset = "mnist-convnet", epochs, batchSize = 64, trainLimit, testLimit = 1000, validationSplit = 0.1, seed = 7 };

    public async Task<JsonElement> StartAsync(object request)
    {
        var response = await client.PostAsJsonAsync("/api/v1/training-jobs", request);
        var job = await response.JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal($"/api/v1/training-jobs/{job.GetProperty("id").GetString()}", response.Headers.Location?.OriginalString);
        return job;
    }

    public async Task<JsonElement> GetAsync(string id) =>
        await (await client.GetAsync($"/api/v1/training-jobs/{id}")).JsonAsync(HttpStatusCode.OK);

    /// <summary>Polls until <paramref name="done"/> holds for the job, failing after <paramref name="seconds"/>.</summary>
    public async Task<JsonElement> WaitForAsync(string id, Func<JsonElement, bool> done, int seconds = 180)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var job = await GetAsync(id);
            if (done(job)) return job;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Job {id} did not get there in {seconds} s: {job}");
            await Task.Delay(100);
        }
    }

    public Task<JsonElement> WaitForEndAsync(string id, int seconds = 180) =>
        WaitForAsync(id, j => Status(j) is "succeeded" or "failed" or "cancelled", seconds);

    public static string Status(JsonElement job) => job.GetProperty("status").GetString()!;

    /// <summary>Reads a job's Server-Sent Events until the stream ends.</summary>
    public async Task<List<(string Event, string? Id, JsonElement Data)>> ReadEventsAsync(string id, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/training-jobs/{id}/events");
        if (lastEventId is not null) request.Headers.Add("Last-Event-ID", lastEventId);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal("text/event-stream", response.Content.Headers.ContentType?.MediaType);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        var events = new List<(string, string?, JsonElement)>();
        string? name = null, eventId = null, data = null;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.StartsWith("event: ")) name = line[7..];
            else if (line.StartsWith("id: ")) eventId = line[4..];
            else if (line.StartsWith("data: ")) data = line[6..];
            else if (line.Length == 0 && name is not null && data is not null)
            {
                events.Add((name, eventId, JsonDocument.Parse(data).RootElement.Clone()));
                (name, eventId, data) = (null, null, null);
            }
        }
        return events;
    }
}
