using System.Net;
using System.Security.Cryptography;
using CnnApi.Models;
using CnnApi.Storage;
using CnnApi.Tests.Infrastructure;
using CnnApi.TrainingJobs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CnnApi.Tests.Models;

/// <summary>
/// Exports computed once (<see cref="ModelExportCache"/>): the first download keeps the file beside the weights, later ones
/// read it (the exporter does not run again: its generation count and the file's time say so), a damaged or missing kept
/// file is generated again, concurrent first downloads share one generation, and deleting the model removes the files.
/// </summary>
public sealed class ModelExportCacheTests(ModelExportCacheTests.Host host) : IClassFixture<ModelExportCacheTests.Host>
{
    private readonly HttpClient _client = host.Factory.CreateClient();
    private ModelExportCache Cache => host.Factory.Services.GetRequiredService<ModelExportCache>();

    [Theory]
    [InlineData("onnx", ".onnx")]
    [InlineData("pytorch", ".pt")]
    public async Task Export_SecondDownload_ReadsTheKeptFile_SameBytesAndHeaders_NoGeneration(string format, string extension)
    {
        host.ForgetExports(host.Kept);
        var url = $"/api/v1/models/{host.Kept}/export?format={format}";
        int before = Cache.Generated;

        using var first = await _client.GetAsync(url);
        var a = await first.Content.ReadAsByteArrayAsync();
        var file = Assert.Single(host.ExportFiles(host.Kept, extension));
        var written = File.GetLastWriteTimeUtc(file);
        using var second = await _client.GetAsync(url);
        var b = await second.Content.ReadAsByteArrayAsync();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(before + 1, Cache.Generated);
        Assert.Equal(a, b);
        Assert.Equal(a, await File.ReadAllBytesAsync(file));
        Assert.Equal(written, File.GetLastWriteTimeUtc(file));
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(a));
        Assert.EndsWith($"-{sha256}{extension}", file);
        foreach (var response in new[] { first, second })
        {
            Assert.Equal(sha256, response.Headers.GetValues("X-Export-SHA256").Single());
            Assert.Equal($"\"{sha256}\"", response.Headers.ETag?.Tag);
            Assert.Equal($"model-{host.Kept:N}{extension}", response.Content.Headers.ContentDisposition?.FileName);
        }
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.IfNoneMatch.Add(second.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await _client.SendAsync(request)).StatusCode);
        Assert.Equal(before + 1, Cache.Generated);
    }

    [Theory]
    [InlineData("flip")]
    [InlineData("truncate")]
    public async Task Export_DamagedKeptFile_IsGeneratedAgain_NeverServed(string damage)
    {
        var url = $"/api/v1/models/{host.Kept}/export?format=onnx";
        var good = await (await _client.GetAsync(url)).Content.ReadAsByteArrayAsync();
        var file = Assert.Single(host.ExportFiles(host.Kept, ".onnx"));
        var bad = damage == "flip" ? good.ToArray() : good[..(good.Length / 2)];
        if (damage == "flip") bad[bad.Length / 2] ^= 0xFF;
        await File.WriteAllBytesAsync(file, bad);
        int before = Cache.Generated;

        using var response = await _client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(good, await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(before + 1, Cache.Generated);
        Assert.Equal(good, await File.ReadAllBytesAsync(Assert.Single(host.ExportFiles(host.Kept, ".onnx"))));
    }

    [Fact]
    public async Task Export_ConcurrentFirstDownloads_GenerateOnce_AllGetTheSameBytes()
    {
        host.ForgetExports(host.Kept);
        var cache = (GatedExportCache)Cache;
        int generated = cache.Generated, joined = cache.Joined;
        cache.Gate.Reset();
        Task<HttpResponseMessage[]> downloads;
        try
        {
            downloads = Task.WhenAll(Enumerable.Range(0, 4).Select(_ => _client.GetAsync($"/api/v1/models/{host.Kept}/export?format=pytorch")));
            // The first request holds the generation; the three others must find it under way and wait for it.
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (cache.Joined < joined + 3 && DateTime.UtcNow < deadline) await Task.Delay(20);
        }
        finally
        {
            cache.Gate.Set();
        }
        var responses = await downloads;

        Assert.Equal(joined + 3, cache.Joined);
        Assert.Equal(generated + 1, cache.Generated);
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        var bodies = await Task.WhenAll(responses.Select(r => r.Content.ReadAsByteArrayAsync()));
        Assert.All(bodies, b => Assert.Equal(bodies[0], b));
        Assert.Equal(bodies[0], await File.ReadAllBytesAsync(Assert.Single(host.ExportFiles(host.Kept, ".pt"))));
    }

    [Fact]
    public async Task DeleteModel_RemovesItsKeptExports_AndTheSweepKeepsThoseOfListedModels()
    {
        foreach (var format in new[] { "onnx", "pytorch" })
            Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/v1/models/{host.Deleted}/export?format={format}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _client.GetAsync($"/api/v1/models/{host.Kept}/export?format=onnx")).StatusCode);
        Assert.Equal(2, host.ExportFiles(host.Deleted, "").Count);

        var deleted = await host.Factory.CreateKeyedClient().DeleteAsync($"/api/v1/models/{host.Deleted}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        // A folder a crashed delete left behind, for the sweep.
        var leftover = Path.Combine(host.ModelsDirectory, $".deleted-{Guid.NewGuid():N}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(leftover);
        await File.WriteAllBytesAsync(Path.Combine(leftover, "export-0-0.onnx"), [1, 2, 3]);
        await host.Factory.Services.GetRequiredService<JobFileSweep>().RunAsync(CancellationToken.None);

        Assert.False(Directory.Exists(Path.Combine(host.ModelsDirectory, host.Deleted.ToString("N"))));
        Assert.Empty(Directory.EnumerateFileSystemEntries(host.ModelsDirectory, $"*{host.Deleted:N}*"));
        Assert.False(Directory.Exists(leftover));
        Assert.Single(host.ExportFiles(host.Kept, ".onnx"));   // a listed model's exports are not orphans
        Assert.Equal(HttpStatusCode.NotFound, (await _client.GetAsync($"/api/v1/models/{host.Deleted}/export?format=onnx")).StatusCode);
    }

    /// <summary>The real cache, whose exporter waits for <see cref="Gate"/> (open unless a test closes it).</summary>
    public sealed class GatedExportCache(ModelPaths paths, ILogger<ModelExportCache> logger) : ModelExportCache(paths, logger)
    {
        public ManualResetEventSlim Gate { get; } = new(initialState: true);

        protected override byte[] Write(ExportFormat format, string architectureJson, string weights)
        {
            Gate.Wait(TimeSpan.FromSeconds(120));
            return base.Write(format, architectureJson, weights);
        }
    }

    /// <summary>A host with two small mnist-convnet models (128 images each): one kept, one the deletion test removes.</summary>
    public sealed class Host : IAsyncLifetime
    {
        private readonly TestStore _store = TestStore.Create(StorageProvider.Sqlite);

        public Host() => Factory = new CnnApiFactory(_store, new Dictionary<string, string?>(),
            services => services.AddSingleton<ModelExportCache, GatedExportCache>());

        public CnnApiFactory Factory { get; }
        public Guid Kept { get; private set; }
        public Guid Deleted { get; private set; }
        public string ModelsDirectory => Path.Combine(_store.Root, "models");

        public List<string> ExportFiles(Guid model, string extension)
        {
            var folder = Path.Combine(ModelsDirectory, model.ToString("N"));
            return Directory.Exists(folder) ? Directory.EnumerateFiles(folder, $"{ModelExportCache.FilePrefix}*{extension}").ToList() : [];
        }

        public void ForgetExports(Guid model)
        {
            foreach (var file in ExportFiles(model, "")) File.Delete(file);
        }

        public async Task InitializeAsync()
        {
            var jobs = new JobClient(Factory.CreateKeyedClient());
            var ids = new List<Guid>();
            foreach (var seed in new[] { 21, 22 })
            {
                var job = await jobs.WaitForEndAsync((await jobs.StartAsync(new { preset = "mnist-convnet", batchSize = 64, trainLimit = 128, testLimit = 100, seed }))
                    .GetProperty("id").GetString()!, seconds: 300);
                Assert.True(JobClient.Status(job) == "succeeded", job.ToString());
                ids.Add(Guid.Parse(job.GetProperty("modelId").GetString()!));
            }
            (Kept, Deleted) = (ids[0], ids[1]);
        }

        public Task DisposeAsync()
        {
            Factory.Dispose();
            _store.Dispose();
            return Task.CompletedTask;
        }
    }
}
