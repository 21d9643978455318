using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CnnApi.Storage;

/// <summary>The SQLite job and model store, migrated at start.</summary>
public static class StorageSetup
{
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration("Storage").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddDbContextFactory<CnnApiDb>((services, options) =>
            options.UseSqlite(services.GetRequiredService<IOptions<StorageOptions>>().Value.SqliteConnectionString()));
        return builder;
    }

    /// <summary>Creates the storage folders and applies migrations before the host starts serving.</summary>
    public static async Task MigrateStorageAsync(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        Directory.CreateDirectory(options.FullRoot());
        Directory.CreateDirectory(options.ModelsDirectory());
        Directory.CreateDirectory(options.CheckpointsDirectory());
        await using var db = await app.Services.GetRequiredService<IDbContextFactory<CnnApiDb>>().CreateDbContextAsync();
        await db.Database.MigrateAsync();
        // WAL lets the API read while the worker writes progress.
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }
}
