using CnnApi.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Npgsql;

namespace CnnApi.Tests.Infrastructure;

/// <summary>
/// One fresh store for a test: a SQLite file in a temp <c>Storage:Root</c>, or a new database on the PostgreSQL
/// server ./test.sh starts (<c>CNNAPI_TEST_POSTGRES</c>), dropped on dispose.
/// </summary>
public sealed class TestStore : IDisposable
{
    public const string PostgresVariable = "CNNAPI_TEST_POSTGRES";

    /// <summary>Both engines, for theories that run the same test on each.</summary>
    public static TheoryData<StorageProvider> Providers => new() { StorageProvider.Sqlite, StorageProvider.Postgres };

    private readonly string? _database;

    private TestStore(StorageProvider provider, string root, string? connectionString, string? database)
    {
        Provider = provider;
        Root = root;
        ConnectionString = connectionString;
        _database = database;
        Directory.CreateDirectory(root);
    }

    public StorageProvider Provider { get; }
    /// <summary>The <c>Storage:Root</c> folder (models, checkpoints; the SQLite file).</summary>
    public string Root { get; }
    public string? ConnectionString { get; }

    public StorageOptions Options => new() { Root = Root, Provider = Provider, ConnectionString = ConnectionString };

    /// <summary>The settings a host (in-process or a child process) needs to use this store.</summary>
    public Dictionary<string, string?> Settings => new()
    {
        ["Storage:Root"] = Root,
        ["Storage:Provider"] = Provider.ToString().ToLowerInvariant(),
        ["Storage:ConnectionString"] = ConnectionString,
    };

    /// <summary>The PostgreSQL server's connection string, or a failure saying how to get one.</summary>
    public static string PostgresServer() =>
        Environment.GetEnvironmentVariable(PostgresVariable) is { Length: > 0 } server
            ? server
            : throw new InvalidOperationException(
                $"{PostgresVariable} is not set, so the PostgreSQL tests cannot run. ./test.sh starts a throwaway server and sets it; " +
                "by hand: eval \"$(build/postgres.sh start)\" (and build/postgres.sh stop \"$CNNAPI_PG_DIR\" afterwards).");

    /// <summary>A new, empty store of <paramref name="provider"/>, migrated; <paramref name="root"/> shares files with another store.</summary>
    public static TestStore Create(StorageProvider provider, string? root = null)
    {
        root ??= Path.Combine(Path.GetTempPath(), "cnnapi-tests", Guid.NewGuid().ToString("N"));
        TestStore store;
        if (provider == StorageProvider.Postgres)
        {
            var server = PostgresServer();
            var database = $"cnnapi_test_{Guid.NewGuid():N}";
            using (var connection = new NpgsqlConnection(server))
            {
                connection.Open();
                using var create = new NpgsqlCommand($"CREATE DATABASE \"{database}\"", connection);
                create.ExecuteNonQuery();
            }
            var builder = new NpgsqlConnectionStringBuilder(server) { Database = database };
            store = new TestStore(provider, root, builder.ConnectionString, database);
        }
        else store = new TestStore(provider, root, null, null);
        using var db = store.Factory().CreateDbContext();
        StorageSetup.MigrateAsync(db).GetAwaiter().GetResult();
        return store;
    }

    public IDbContextFactory<CnnApiDb> Factory(params IInterceptor[] interceptors) => new CnnApiDbFactory(Options, interceptors);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_database is not null)
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = new NpgsqlConnection(PostgresServer());
            connection.Open();
            using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{_database}\" WITH (FORCE)", connection);
            drop.ExecuteNonQuery();
        }
        try { if (Directory.Exists(Root)) Directory.Delete(Root, recursive: true); }
        catch (IOException) { /* a file still held by a finishing process; the OS cleans temp */ }
    }
}
