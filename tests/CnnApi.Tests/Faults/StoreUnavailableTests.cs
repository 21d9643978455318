using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using CnnApi.Storage;
using CnnApi.Tests.Infrastructure;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace CnnApi.Tests.Faults;

/// <summary>
/// A store that is briefly unavailable answers 503 with <c>Retry-After</c>, not 500: a real second SQLite connection
/// holds the write lock (<c>BEGIN EXCLUSIVE</c>) past the busy timeout; reads go on (WAL); all recovers once it lets go.
/// </summary>
public sealed class StoreUnavailableTests : IDisposable
{
    private readonly TestStore _store = TestStore.Create(StorageProvider.Sqlite);
    private readonly CnnApiFactory _factory;

    public StoreUnavailableTests()
    {
        // A one-second busy timeout (the default is 30 s) keeps the test short; the behaviour is the same.
        _factory = new CnnApiFactory(new Dictionary<string, string?>(_store.Settings)
        {
            ["Training:WorkerEnabled"] = "false",
            ["Storage:ConnectionString"] = $"Data Source={DatabaseFile};Default Timeout=1",
        }, _store.Root);
    }

    private string DatabaseFile => Path.Combine(_store.Root, "cnnapi.db");

    public void Dispose()
    {
        _factory.Dispose();
        _store.Dispose();
    }

    [Fact]
    public async Task SqliteLockedByAnotherConnection_WritesGet503WithRetryAfter_ReadsServe_ThenRecovers()
    {
        var client = _factory.CreateKeyedClient();
        var queued = (await new JobClient(client).StartAsync(JobClient.QuickJob())).GetProperty("id").GetString();

        // Not pooled: the lock must go with the connection (a pooled one would keep the raw transaction open).
        await using (var holder = new SqliteConnection($"Data Source={DatabaseFile};Pooling=False"))
        {
            await holder.OpenAsync();
            await using (var begin = holder.CreateCommand())
            {
                begin.CommandText = "BEGIN EXCLUSIVE;";
                await begin.ExecuteNonQueryAsync();
            }

            var submit = await client.PostAsJsonAsync("/api/v1/training-jobs", JobClient.QuickJob());
            Assert.Equal("Store unavailable", (await submit.ProblemAsync(HttpStatusCode.ServiceUnavailable)).GetProperty("title").GetString());
            Assert.Equal(TimeSpan.FromSeconds(2), submit.Headers.RetryAfter?.Delta);
            var cancel = await client.PostAsync($"/api/v1/training-jobs/{queued}/cancel", null);
            await cancel.ProblemAsync(HttpStatusCode.ServiceUnavailable);
            Assert.NotNull(cancel.Headers.RetryAfter);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/training-jobs")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/live")).StatusCode);
        }

        await new JobClient(client).StartAsync(JobClient.QuickJob());
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/api/v1/training-jobs/{queued}/cancel", null)).StatusCode);
    }

    [Fact]
    public void StoreUnavailable_RecognisesBusyAndUnreachableStores_NotOtherErrors()
    {
        Assert.True(StoreUnavailable.Is(new SqliteException("database is locked", 5)));
        Assert.True(StoreUnavailable.Is(new InvalidOperationException("wrapped", new SqliteException("busy", 6))));
        Assert.True(StoreUnavailable.Is(new NpgsqlException("Failed to connect", new SocketException((int)SocketError.ConnectionRefused))));
        Assert.False(StoreUnavailable.Is(new SqliteException("no such table: jobs", 1)));
        Assert.False(StoreUnavailable.Is(new InvalidOperationException("a bug")));
        Assert.False(StoreUnavailable.Is(new TimeoutException("not the store")));
    }
}
