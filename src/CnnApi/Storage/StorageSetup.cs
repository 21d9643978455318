using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace CnnApi.Storage;

/// <summary>The job and model store (SQLite or PostgreSQL), migrated at start.</summary>
public static class StorageSetup
{
    public static WebApplicationBuilder AddStorage(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<StorageOptions>().BindConfiguration("Storage").ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<StoreClock>();
        builder.Services.AddSingleton(services => new CnnApiDbFactory(
            services.GetRequiredService<IOptions<StorageOptions>>().Value,
            services.GetServices<Microsoft.EntityFrameworkCore.Diagnostics.IInterceptor>()));
        builder.Services.AddSingleton<IDbContextFactory<CnnApiDb>>(services => services.GetRequiredService<CnnApiDbFactory>());
        // For the readiness check, which asks DI for a context.
        builder.Services.AddScoped(services => services.GetRequiredService<CnnApiDbFactory>().CreateDbContext());
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
        await MigrateAsync(db);
    }

    /// <summary>
    /// Applies the engine's migrations. Several nodes may start at once: EF Core takes a database-wide
    /// migration lock (an advisory lock on PostgreSQL), so they migrate one after the other.
    /// </summary>
    public static async Task MigrateAsync(CnnApiDb db, CancellationToken ct = default)
    {
        await db.Database.MigrateAsync(ct);
        // WAL lets the API read while the worker writes progress.
        if (!db.IsPostgres) await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
    }
}
