using System.Collections.Concurrent;
using System.Net.Http.Headers;
using CnnApi.Tests.Infrastructure;
using CnnApi.Tests.Predictions;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace CnnApi.Tests.Logging;

/// <summary>
/// Issue 9, observability: the log events of a training job carry its <c>JobId</c>, and a prediction's request event
/// carries the <c>ModelId</c> that answered, as structured properties (what a log search filters on), not only in text.
/// </summary>
public sealed class StructuredLogTests : IDisposable
{
    private readonly CnnApiFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    /// <summary>Serilog reads sinks from the host's services (<c>ReadFrom.Services</c>): this one keeps every event.</summary>
    private sealed class Collector : ILogEventSink
    {
        public ConcurrentQueue<LogEvent> Events { get; } = new();
        public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);
    }

    private static string? Property(LogEvent e, string name) =>
        e.Properties.TryGetValue(name, out var value) ? (value as ScalarValue)?.Value?.ToString() : null;

    [Fact]
    public async Task Logs_JobAndPrediction_CarryJobIdAndModelIdAsProperties()
    {
        var collector = new Collector();
        using var host = _factory.WithWebHostBuilder(b => b.ConfigureTestServices(s => s.AddSingleton<ILogEventSink>(collector)));
        using var client = host.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", CnnApiFactory.ApiKey);
        var jobs = new JobClient(client);
        var jobId = (await jobs.StartAsync(JobClient.QuickJob(epochs: 1, trainLimit: 256))).GetProperty("id").GetString()!;
        var job = await jobs.WaitForEndAsync(jobId);
        Assert.Equal("succeeded", JobClient.Status(job));
        var modelId = job.GetProperty("modelId").GetString()!;

        using var image = new ByteArrayContent(PngWriter.Grey8(MnistTestDigits.Load(1)[0], 28, 28));
        image.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        using var form = new MultipartFormDataContent { { image, "image", "digit.png" } };
        using var response = await client.PostAsync($"/api/v1/models/{modelId}/predictions", form);
        response.EnsureSuccessStatusCode();

        // The request event is written when the response completes: give the logger a moment.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!collector.Events.Any(e => Property(e, "ModelId") == modelId && Property(e, "RequestPath") is { } p && p.EndsWith("/predictions"))
               && DateTime.UtcNow < deadline)
            await Task.Delay(50);

        var jobEvents = collector.Events.Where(e => Property(e, "JobId") == jobId).ToList();
        Assert.NotEmpty(jobEvents);
        Assert.Contains(collector.Events, e => Property(e, "ModelId") == modelId && Property(e, "RequestPath") is { } p && p.EndsWith("/predictions"));
        // No application event names the job in its text without the property (request events name it in their path).
        Assert.DoesNotContain(collector.Events, e => e.RenderMessage().Contains(jobId) && Property(e, "JobId") != jobId
            && Property(e, "SourceContext") != "Serilog.AspNetCore.RequestLoggingMiddleware");
    }
}
