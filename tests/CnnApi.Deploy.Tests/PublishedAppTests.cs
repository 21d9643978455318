using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using CnnApi.Deploy.Tests.Infrastructure;
using SkiaSharp;

namespace CnnApi.Deploy.Tests;

/// <summary>
/// The Dockerfile's publish output, run as the image runs it: unprivileged user, read-only application folder,
/// the image's environment (JSON logs, storage and datasets roots). It serves, trains with the published libtorch,
/// and its own healthcheck command answers for it.
/// </summary>
public sealed class PublishedAppTests(PublishedApp app) : IClassFixture<PublishedApp>
{
    [Fact]
    public async Task PublishedApp_NonRootReadOnlyFolder_ServesReadyAndWritesJsonLogs()
    {
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/health/ready")).StatusCode);

        var uid = File.ReadLines($"/proc/{app.ProcessId}/status").Single(l => l.StartsWith("Uid:")).Split('\t')[1];
        Assert.NotEqual("0", uid);
        Assert.True(File.Exists(Path.Combine(app.DataDirectory, "api-key")), "the key generated into Storage__Root");
        Assert.Empty(Directory.GetFiles(app.AppDirectory, "*.db*", SearchOption.AllDirectories));

        var json = app.Log.Where(l => l.StartsWith('{')).ToList();
        Assert.NotEmpty(json);
        Assert.All(json, line => Assert.True(JsonDocument.Parse(line).RootElement.TryGetProperty("@t", out _), line));
        Assert.DoesNotContain(app.Log, l => l.Contains("[INF]") || l.Contains("[WRN]"));
    }

    [Fact]
    public async Task PublishedApp_ProbeAddressedByPodIp_IsAnswered()
    {
        // A kubelet probe or a Service sends the pod's IP as Host; the app's own default answers loopback names only.
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        using var probe = new HttpRequestMessage(HttpMethod.Get, "/health/live") { Headers = { Host = $"10.244.1.17:{app.Port}" } };
        Assert.Equal(HttpStatusCode.OK, (await http.SendAsync(probe)).StatusCode);
    }

    [Fact]
    public async Task HealthcheckCommand_AgainstTheRunningApp_ExitsZero()
    {
        var result = await app.RunCommandAsync(["healthcheck"], app.Environment, TimeSpan.FromSeconds(30));
        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains($"http://127.0.0.1:{app.Port}/health/live: 200", result.Output);
    }

    [Fact]
    public async Task HealthcheckCommand_NothingListeningOnThePort_ExitsNonZero()
    {
        var environment = new Dictionary<string, string?>(app.Environment) { ["ASPNETCORE_HTTP_PORTS"] = PublishedApp.UnusedPort().ToString() };
        var result = await app.RunCommandAsync(["healthcheck"], environment, TimeSpan.FromSeconds(30));
        Assert.NotEqual(0, result.ExitCode);
    }

    [Fact]
    public async Task PublishedApp_TinyJobThenPrediction_LibtorchLoadsFromThePublishedFolder()
    {
        using var http = new HttpClient { BaseAddress = app.BaseAddress };
        http.DefaultRequestHeaders.Add("X-Api-Key", File.ReadAllText(Path.Combine(app.DataDirectory, "api-key")).Trim());
        var start = await http.PostAsJsonAsync("/api/v1/training-jobs",
            new { preset = "mnist-convnet", epochs = 1, batchSize = 64, trainLimit = 256, testLimit = 128, validationSplit = 0.1, seed = 3 });
        Assert.Equal(HttpStatusCode.Accepted, start.StatusCode);
        var id = (await start.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString();

        JsonElement job;
        var deadline = DateTime.UtcNow.AddSeconds(120);
        do
        {
            await Task.Delay(250);
            job = await http.GetFromJsonAsync<JsonElement>($"/api/v1/training-jobs/{id}");
        } while (job.GetProperty("status").GetString() is "queued" or "running" && DateTime.UtcNow < deadline);
        Assert.True(job.GetProperty("status").GetString() == "succeeded", job.ToString());

        using var form = new MultipartFormDataContent { { new ByteArrayContent(DigitPng()), "image", "one.png" } };
        var prediction = await http.PostAsync("/api/v1/predictions", form);
        Assert.Equal(HttpStatusCode.OK, prediction.StatusCode);
        Assert.InRange((await prediction.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("digit").GetInt32(), 0, 9);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(app.DataDirectory, "models"), "*", SearchOption.AllDirectories));
    }

    /// <summary>A dark "1" stroke on white, as a phone photo of a digit would look after cropping.</summary>
    private static byte[] DigitPng()
    {
        using var bitmap = new SKBitmap(56, 56);
        using (var canvas = new SKCanvas(bitmap))
        {
            canvas.Clear(SKColors.White);
            using var pen = new SKPaint { Color = SKColors.Black, StrokeWidth = 6, IsAntialias = true };
            canvas.DrawLine(28, 8, 28, 48, pen);
        }
        using var data = bitmap.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }
}
