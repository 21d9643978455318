using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace CnnApi.Storage;

/// <summary>For <c>dotnet ef migrations add</c>: a SQLite context without starting the host.</summary>
public sealed class DesignTimeDbFactory : IDesignTimeDbContextFactory<CnnApiDb>
{
    public CnnApiDb CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<CnnApiDb>().UseSqlite("Data Source=design-time.db").Options);
}
