using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CnnApi.Storage;

/// <summary>For <c>dotnet ef migrations add Name --context SqliteCnnApiDb</c>: no host, no database needed.</summary>
public sealed class SqliteDesignTimeDbFactory : IDesignTimeDbContextFactory<SqliteCnnApiDb>
{
    public SqliteCnnApiDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<SqliteCnnApiDb>().UseSqlite("Data Source=design-time.db").Options);
}

/// <summary>For <c>dotnet ef migrations add Name --context PostgresCnnApiDb</c>: no server needed.</summary>
public sealed class PostgresDesignTimeDbFactory : IDesignTimeDbContextFactory<PostgresCnnApiDb>
{
    public PostgresCnnApiDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<PostgresCnnApiDb>().UseNpgsql("Host=localhost;Database=design_time").Options);
}
