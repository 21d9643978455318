using System.Diagnostics;
using System.Net;
using CnnApi.Predictions;
using CnnApi.Predictions.Images;
using CnnApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CnnApi.Tests.Predictions;

/// <summary>
/// Against real models: the image bomb of issue 9 — 64 copies of a ~16 KB greyscale PNG of 4096 × 4096 — and heavy but
/// allowed uploads (refused before any decode, or decoded in bounded memory while the host stays live); a model whose
/// weights file is damaged; requests alternating over more models than the cache holds.
/// The class runs alone (<see cref="AloneCollection"/>): it measures the process's resident memory and the host's
/// liveness, which tests training in parallel classes would inflate (a CI run saw 542 MB of growth that way).
/// </summary>
[Collection(AloneCollection.Name)]
public sealed class PredictionHardeningTests(SmallModelsFactory factory, ITestOutputHelper output) : IClassFixture<SmallModelsFactory>
{
    private const int Side = 4096;
    private static readonly Lazy<byte[]> BlankBomb = new(() => PngWriter.Grey8(new byte[Side * Side], Side, Side));
    private static readonly Lazy<byte[]> BigDigit = new(() => Enlarged(MnistTestDigits.Load(1)[0], Side / 28));

    private ImageDecoder Decoder => factory.Services.GetRequiredService<ImageDecoder>();

    [Fact]
    public async Task Predict_ReportedBombForUnknownModel_Answers404WithoutDecoding()
    {
        Assert.InRange(BlankBomb.Value.Length, 1, 40_000);
        var client = factory.CreateClient();
        await client.PostAsync($"/api/v1/models/{Guid.NewGuid()}/predictions", Upload(Digit, 1)); // the 404 path warmed: the bound is about the bomb
        var before = Decoder.Decodes;
        var clock = Stopwatch.StartNew();

        var response = await client.PostAsync($"/api/v1/models/{Guid.NewGuid()}/predictions", Bomb(64));

        await response.ProblemAsync(HttpStatusCode.NotFound);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"{clock.Elapsed}");
        Assert.Equal(before, Decoder.Decodes);
    }

    [Fact]
    public async Task Predict_ReportedBombForRealModel_Answers413BeforeDecoding()
    {
        var before = Decoder.Decodes;

        var response = await factory.CreateClient().PostAsync($"/api/v1/models/{factory.Models[0]}/predictions", Bomb(64));

        var problem = await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains("1,073,741,824 pixels", problem.GetProperty("detail").GetString());
        Assert.Contains("Predictions:MaxPixelsPerRequest", problem.GetProperty("detail").GetString());
        Assert.Equal(before, Decoder.Decodes);
    }

    [Fact]
    public async Task Predict_4088SquarePngDigit_IsClassified()
    {
        var content = new MultipartFormDataContent { { new ByteArrayContent(BigDigit.Value), "image", "big.png" } };
        var gate = factory.Services.GetRequiredService<DecodeGate>();
        var offloaded = gate.Offloaded;

        var answer = await (await factory.CreateClient().PostAsync($"/api/v1/models/{factory.Models[0]}/predictions", content)).JsonAsync(HttpStatusCode.OK);

        Assert.Equal(MnistLabels.Of(0), answer.GetProperty("digit").GetInt32());
        Assert.Equal(offloaded + 1, gate.Offloaded); // decoded on a decode thread, not the request's
    }

    [Fact]
    public async Task Predict_FloodOfLargestAllowedUploads_KeepsMemoryAndLivenessBounded()
    {
        var client = factory.CreateClient();
        var url = $"/api/v1/models/{factory.Models[0]}/predictions";
        await client.PostAsync(url, Upload(BigDigit.Value, 1)); // the model loaded, the code warmed
        await client.GetAsync("/health/live");
        GC.Collect();
        // What this process burns while nothing of this test runs: anything left from earlier tests competes with the flood.
        var idleCpu = Process.GetCurrentProcess().TotalProcessorTime;
        await Task.Delay(500);
        var idle = $"{(Process.GetCurrentProcess().TotalProcessorTime - idleCpu).TotalMilliseconds / 500:P0} of a core busy before the flood, {Process.GetCurrentProcess().Threads.Count} OS threads";
        var baseline = Process.GetCurrentProcess().WorkingSet64;
        long peak = baseline;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                peak = Math.Max(peak, Process.GetCurrentProcess().WorkingSet64);
                await Task.Delay(20);
            }
        });

        // Eight requests of four 4088 × 4088 digits each (just under the pixel budget), all at once.
        var flood = Enumerable.Range(0, 8).Select(_ => client.PostAsync(url, Upload(BigDigit.Value, 4))).ToList();
        var live = new List<TimeSpan>();
        string slowest = "";  // the thread pool at the slowest probe, for a failure's message
        while (!flood.All(f => f.IsCompleted))
        {
            var clock = Stopwatch.StartNew();
            var (paused, gen2) = (GC.GetTotalPauseDuration(), GC.CollectionCount(2));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
            if (live.Count == 0 || clock.Elapsed > live.Max())
                slowest = $"{ThreadPool.ThreadCount} pool threads, {ThreadPool.PendingWorkItemCount} work items pending, " +
                    $"GC paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:F0} ms in it ({GC.CollectionCount(2) - gen2} full collections)";
            live.Add(clock.Elapsed);
            await Task.Delay(50);
        }
        var statuses = (await Task.WhenAll(flood)).Select(r => r.StatusCode).ToList();
        await stop.CancelAsync();
        await sampler;

        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{s}"));
        Assert.Contains(HttpStatusCode.OK, statuses);
        var growthMb = (peak - baseline) / 1e6;
        output.WriteLine($"resident memory grew {growthMb:F0} MB; slowest /health/live {live.Max().TotalMilliseconds:F0} ms ({slowest}); {idle}; {string.Join(", ", statuses)}");
        // Full-size decodes would hold 64 MB of RGBA per image (32 images: 2 GB); reduced ones 4 MB each.
        Assert.True(growthMb < 400, $"resident memory grew {growthMb:F0} MB");
        Assert.True(live.Max() < TimeSpan.FromSeconds(2), $"slowest /health/live: {live.Max()} ({slowest}; {idle})");
    }

    [Fact]
    public async Task Predict_DamagedWeightsFile_Answers503NamingTheModelWhileOthersServe()
    {
        var damaged = factory.Models[2];
        factory.Cache.Evict(damaged);
        var weights = factory.Services.GetRequiredService<CnnApi.Models.ModelPaths>().Weights(damaged);
        var original = await File.ReadAllBytesAsync(weights);
        var bytes = original.ToArray();
        try
        {
            // A real file, cut in half and its middle overwritten: what a full disk or a bad copy leaves.
            Array.Fill(bytes, (byte)0xAB, bytes.Length / 4, bytes.Length / 4);
            await File.WriteAllBytesAsync(weights, bytes[..(bytes.Length / 2)]);
            var client = factory.CreateClient();

            for (var attempt = 0; attempt < 2; attempt++)
            {
                var problem = await (await client.PostAsync($"/api/v1/models/{damaged}/predictions", Upload(Digit, 1))).ProblemAsync(HttpStatusCode.ServiceUnavailable);
                Assert.Contains(damaged.ToString(), problem.GetProperty("detail").GetString());
                Assert.Equal("Model unusable", problem.GetProperty("title").GetString());
            }
            await (await client.PostAsync($"/api/v1/models/{factory.Models[0]}/predictions", Upload(Digit, 1))).JsonAsync(HttpStatusCode.OK);
        }
        finally
        {
            await File.WriteAllBytesAsync(weights, original);
        }
    }

    [Fact]
    public async Task Predict_AlternatingOverMoreModelsThanTheCacheHolds_AllAnswerAndLivenessHolds()
    {
        var client = factory.CreateClient();
        var healthy = factory.Models.Take(2).ToList(); // the third may be the damaged one of another test
        await client.GetAsync("/health/live"); // warm: the bound below is about the loads, not a first call

        // Thirty requests at once, each model in turn, with room for one model: every one loads, serves, leaves.
        var requests = Enumerable.Range(0, 30)
            .Select(i => client.PostAsync($"/api/v1/models/{healthy[i % 2]}/predictions", Upload(Digit, 1))).ToList();
        var clock = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        var live = clock.Elapsed;
        var responses = await Task.WhenAll(requests);

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.True(live < TimeSpan.FromSeconds(2), $"/health/live took {live}");
        Assert.True(new[] { healthy[0], healthy[1] }.Count(factory.Cache.IsLoaded) <= 1);
    }

    private static readonly Lazy<byte[]> DigitPng = new(() => PngWriter.Grey8(MnistTestDigits.Load(1)[0], 28, 28));

    private static byte[] Digit => DigitPng.Value;

    private static MultipartFormDataContent Bomb(int copies) => Upload(BlankBomb.Value, copies);

    private static MultipartFormDataContent Upload(byte[] png, int copies)
    {
        var content = new MultipartFormDataContent();
        for (var i = 0; i < copies; i++) content.Add(new ByteArrayContent(png), "images", $"bomb{i}.png");
        return content;
    }

    /// <summary>An MNIST digit made <paramref name="scale"/> times larger, dark ink on white, as an 8-bit grey PNG.</summary>
    private static byte[] Enlarged(byte[] digit, int scale)
    {
        var side = 28 * scale;
        var pixels = new byte[side * side];
        for (var y = 0; y < side; y++)
            for (var x = 0; x < side; x++)
                pixels[y * side + x] = (byte)(255 - digit[y / scale * 28 + x / scale]);
        return PngWriter.Grey8(pixels, side, side);
    }
}
