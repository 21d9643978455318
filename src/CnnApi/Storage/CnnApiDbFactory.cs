using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace CnnApi.Storage;

/// <summary>
/// Makes contexts of the configured engine. <paramref name="interceptors"/> come from DI (none in production;
/// the tests register fault injectors there).
/// </summary>
public sealed class CnnApiDbFactory(StorageOptions options, IEnumerable<IInterceptor> interceptors) : IDbContextFactory<CnnApiDb>
{
    private readonly IInterceptor[] _interceptors = interceptors.ToArray();
    private DbContextOptions<SqliteCnnApiDb>? _sqlite;
    private DbContextOptions<PostgresCnnApiDb>? _postgres;

    public StorageProvider Provider => options.Provider;

    public CnnApiDb CreateDbContext() => options.Provider switch
    {
        StorageProvider.Postgres => new PostgresCnnApiDb(_postgres ??= new DbContextOptionsBuilder<PostgresCnnApiDb>()
            .UseNpgsql(options.ConnectionString).AddInterceptors(_interceptors).Options),
        _ => new SqliteCnnApiDb(_sqlite ??= new DbContextOptionsBuilder<SqliteCnnApiDb>()
            .UseSqlite(options.SqliteConnectionString()).AddInterceptors(_interceptors).Options),
    };
}
