using System.Net;
using CnnApi.Predictions;
using CnnApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace CnnApi.Tests.Predictions;

/// <summary>The model cache over two real trained models with room for one: single loads, LRU, eviction on delete.</summary>
public sealed class ModelCacheTests : IAsyncLifetime, IDisposable
{
    private readonly CnnApiFactory _factory = new(new Dictionary<string, string?> { ["Predictions:CacheCapacity"] = "1" });
    private Guid _a, _b;

    public async Task InitializeAsync()
    {
        var jobs = new JobClient(_factory.CreateKeyedClient());
        var ids = new List<Guid>();
        foreach (var seed in new[] { 3, 4 })
        {
            var id = (await jobs.StartAsync(new { preset = "mnist-convnet", batchSize = 64, trainLimit = 128, testLimit = 500, seed })).GetProperty("id").GetString()!;
            var job = await jobs.WaitForEndAsync(id);
            Assert.Equal("succeeded", JobClient.Status(job));
            ids.Add(Guid.Parse(job.GetProperty("modelId").GetString()!));
        }
        (_a, _b) = (ids[0], ids[1]);
    }

    private ModelCache Cache => _factory.Services.GetRequiredService<ModelCache>();

    [Fact]
    public async Task Get_ConcurrentFirstRequests_ShareOneLoad()
    {
        var loaded = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Cache.GetAsync(_a, CancellationToken.None)));
        Assert.All(loaded, m => Assert.Same(loaded[0], m));
        Assert.True(Cache.IsLoaded(_a));
    }

    [Fact]
    public async Task Get_OverCapacity_LeastRecentlyUsedLeaves()
    {
        var a = await Cache.GetAsync(_a, CancellationToken.None);
        await Cache.GetAsync(_b, CancellationToken.None);
        Assert.False(Cache.IsLoaded(_a));
        Assert.True(Cache.IsLoaded(_b));
        // Loading it again gives a fresh instance that works.
        var again = await Cache.GetAsync(_a, CancellationToken.None);
        Assert.NotSame(a, again);
        Assert.Equal(10, (await again!.Batcher.EnqueueAsync(new float[784])).Length);
    }

    [Fact]
    public async Task Delete_EvictsAndLaterLookupsFindNothing()
    {
        await Cache.GetAsync(_b, CancellationToken.None);
        Assert.Equal(HttpStatusCode.NoContent, (await _factory.CreateKeyedClient().DeleteAsync($"/api/v1/models/{_b}")).StatusCode);
        Assert.False(Cache.IsLoaded(_b));
        Assert.Null(await Cache.GetAsync(_b, CancellationToken.None));
    }

    [Fact]
    public async Task Get_UnknownModel_ReturnsNullAndCachesNothing()
    {
        var unknown = Guid.NewGuid();
        Assert.Null(await Cache.GetAsync(unknown, CancellationToken.None));
        Assert.False(Cache.IsLoaded(unknown));
    }

    Task IAsyncLifetime.DisposeAsync() => Task.CompletedTask;

    public void Dispose() => _factory.Dispose();
}
