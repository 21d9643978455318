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
/// holds the write lock (<c>BEGIN EXCLUSIVE</c>) past the busy timeout (reads go on: WAL), or a real PostgreSQL server
/// is stopped (<c>build/postgres.sh pause</c>); all recovers once the store is back.
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
    public async Task PostgresServerStopped_RequestsGet503WithRetryAfter_ThenRecoverWhenItIsBack()
    {
        // Its own throwaway server (build/postgres.sh): stopping the one the other tests share would fail them.
        var exports = Script("start");
        string Export(string name) => exports.Split('\n').Single(l => l.StartsWith($"export {name}=")).Split('=', 2)[1].Trim('\'');
        var dir = Export("CNNAPI_PG_DIR");
        try
        {
            var connection = new NpgsqlConnectionStringBuilder(Export("CNNAPI_TEST_POSTGRES")) { Database = "cnnapi_outage" }.ConnectionString;
            using var factory = new CnnApiFactory(new Dictionary<string, string?>
            {
                ["Training:WorkerEnabled"] = "false",
                ["Storage:Provider"] = "postgres",
                ["Storage:ConnectionString"] = connection,
            });
            var client = factory.CreateKeyedClient();
            var id = (await new JobClient(client).StartAsync(JobClient.QuickJob())).GetProperty("id").GetString();

            Script("pause", dir);
            foreach (var response in new[]
            {
                await client.PostAsJsonAsync("/api/v1/training-jobs", JobClient.QuickJob()),
                await client.GetAsync("/api/v1/training-jobs"),
                await client.GetAsync($"/api/v1/training-jobs/{id}"),
                await client.GetAsync("/api/v1/models"),
            })
            {
                Assert.Equal("Store unavailable", (await response.ProblemAsync(HttpStatusCode.ServiceUnavailable)).GetProperty("title").GetString());
                Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
            }

            Script("resume", dir);
            var deadline = DateTime.UtcNow.AddSeconds(30);
            HttpResponseMessage again;
            // The pool's connections died with the server: the first tries may still answer 503, never 500.
            while ((again = await client.GetAsync($"/api/v1/training-jobs/{id}")).StatusCode == HttpStatusCode.ServiceUnavailable
                && DateTime.UtcNow < deadline)
                await Task.Delay(500);
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
            await new JobClient(client).StartAsync(JobClient.QuickJob());
        }
        finally
        {
            Script("stop", dir);
        }
    }

    private static string Script(params string[] arguments)
    {
        var start = new System.Diagnostics.ProcessStartInfo(Path.Combine(TestData.RepoRoot(), "build", "postgres.sh"), arguments)
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        // Never the shared server's folder: `stop` without a folder falls back to CNNAPI_PG_DIR.
        start.Environment.Remove("CNNAPI_PG_DIR");
        Assert.All(arguments.Skip(1), dir => Assert.StartsWith("/tmp/cnnapi-pg.", dir)); // where build/postgres.sh makes them
        using var process = System.Diagnostics.Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"build/postgres.sh {string.Join(' ', arguments)}: {error.Result}");
        return output;
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
