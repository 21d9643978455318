using CnnApi.Deploy.Tests.Infrastructure;
using CnnApi.Storage;
using CnnApi.TrainingJobs;
using Npgsql;

namespace CnnApi.Deploy.Tests;

/// <summary>
/// The KEDA trigger's query, read from the rendered manifests, run on the real schema: a fresh database on the
/// PostgreSQL server ./test.sh starts (<c>CNNAPI_TEST_POSTGRES</c>), migrated by the app's own migration path, with
/// jobs in every state written through the app's own entity.
/// </summary>
public sealed class AutoscalerQueryTests : IAsyncLifetime
{
    private readonly string _database = $"cnnapi_keda_{Guid.NewGuid():N}";
    private string _connectionString = "";

    [Fact]
    public async Task KedaQuery_JobsInEveryState_CountsQueuedAndRunning()
    {
        var query = await QueryAsync();
        Assert.Equal(0, await RunAsync(query));

        await AddJobsAsync((TrainingJobStatus.Queued, 3), (TrainingJobStatus.Running, 2), (TrainingJobStatus.Succeeded, 4),
            (TrainingJobStatus.Failed, 1), (TrainingJobStatus.Cancelled, 5));
        Assert.Equal(5, await RunAsync(query));

        // A running job finishes: one worker fewer wanted.
        await using (var db = Factory().CreateDbContext())
        {
            var running = db.Jobs.First(j => j.Status == TrainingJobStatus.Running);
            running.Status = TrainingJobStatus.Succeeded;
            await db.SaveChangesAsync();
        }
        Assert.Equal(4, await RunAsync(query));
    }

    [Fact]
    public async Task KedaQuery_SameInEveryOverlay()
    {
        var cpu = await QueryAsync("cpu");
        Assert.Equal(cpu, await QueryAsync("gpu"));
    }

    public async Task InitializeAsync()
    {
        var server = Environment.GetEnvironmentVariable("CNNAPI_TEST_POSTGRES") is { Length: > 0 } s ? s
            : throw new InvalidOperationException("CNNAPI_TEST_POSTGRES is not set: ./test.sh starts a throwaway PostgreSQL server and sets it " +
                "(by hand: eval \"$(build/postgres.sh start)\").");
        await using (var connection = new NpgsqlConnection(server))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE \"{_database}\"", connection);
            await create.ExecuteNonQueryAsync();
        }
        _connectionString = new NpgsqlConnectionStringBuilder(server) { Database = _database }.ConnectionString;
        await using var db = Factory().CreateDbContext();
        await StorageSetup.MigrateAsync(db);
    }

    public async Task DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("CNNAPI_TEST_POSTGRES"));
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    private CnnApiDbFactory Factory() =>
        new(new StorageOptions { Provider = StorageProvider.Postgres, ConnectionString = _connectionString, Root = Path.GetTempPath() }, []);

    private static async Task<string> QueryAsync(string overlay = "cpu")
    {
        var manifests = await Manifests.RenderAsync(overlay);
        var trigger = Assert.IsType<Dictionary<object, object>>(Assert.Single(manifests.KedaObject("ScaledObject").Map("spec").List("triggers")));
        return trigger.Map("metadata").Text("query");
    }

    /// <summary>Runs the query as KEDA's scaler does: one value, which must be a number.</summary>
    private async Task<long> RunAsync(string query)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(query, connection);
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        Assert.Equal(1, reader.FieldCount);
        var value = Convert.ToInt64(reader.GetValue(0));
        Assert.False(await reader.ReadAsync(), "one row");
        return value;
    }

    private async Task AddJobsAsync(params (TrainingJobStatus Status, int Count)[] jobs)
    {
        await using var db = Factory().CreateDbContext();
        foreach (var (status, count) in jobs)
            for (var i = 0; i < count; i++)
                db.Jobs.Add(new TrainingJobEntity { Id = Guid.NewGuid(), Status = status, Name = $"{status} {i}", RequestJson = "{}", CreatedAt = DateTime.UtcNow });
        await db.SaveChangesAsync();
    }
}
