using CnnApi.Models;
using CnnApi.TrainingJobs;
using CnnApi.Workers;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CnnApi.Storage;

/// <summary>
/// The job, model and worker store: one model for both engines. Each engine has its own subclass
/// (<see cref="SqliteCnnApiDb"/>, <see cref="PostgresCnnApiDb"/>) only so that each has its own migrations.
/// </summary>
public abstract class CnnApiDb(DbContextOptions options) : DbContext(options)
{
    public DbSet<TrainingJobEntity> Jobs => Set<TrainingJobEntity>();
    public DbSet<ModelEntity> Models => Set<ModelEntity>();
    public DbSet<WorkerEntity> Workers => Set<WorkerEntity>();

    public bool IsPostgres => Database.ProviderName == "Npgsql.EntityFrameworkCore.PostgreSQL";

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // SQLite keeps no DateTime kind: everything stored is UTC, so say so when reading it back.
        configurationBuilder.Properties<DateTime>().HaveConversion<UtcConverter>();
        configurationBuilder.Properties<DateTime?>().HaveConversion<UtcConverter>();
    }

    private sealed class UtcConverter() : ValueConverter<DateTime, DateTime>(
        v => v.ToUniversalTime(), v => DateTime.SpecifyKind(v, DateTimeKind.Utc));

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<TrainingJobEntity>(job =>
        {
            job.ToTable("training_jobs");
            job.Property(j => j.Status).HasConversion<string>().HasMaxLength(16);
            job.Property(j => j.Name).HasMaxLength(200);
            job.Property(j => j.RequestedDevice).HasMaxLength(32).HasDefaultValue("auto");
            job.Property(j => j.LeaseOwner).HasMaxLength(200);
            job.Property(j => j.Worker).HasMaxLength(200);
            job.Property(j => j.StopReason).HasMaxLength(500);
            job.HasIndex(j => new { j.Status, j.CreatedAt });
        });
        modelBuilder.Entity<ModelEntity>(model =>
        {
            model.ToTable("models");
            model.Property(m => m.Name).HasMaxLength(200);
            model.HasIndex(m => m.CreatedAt);
            // One job yields at most one model, whatever a stale worker or a retried commit attempts.
            model.HasIndex(m => m.JobId).IsUnique();
        });
        modelBuilder.Entity<WorkerEntity>(worker =>
        {
            worker.ToTable("workers");
            worker.Property(w => w.Id).HasMaxLength(200);
            worker.Property(w => w.Host).HasMaxLength(200);
            worker.Property(w => w.Devices).HasMaxLength(1000);
            worker.HasIndex(w => w.HeartbeatAt);
        });
    }
}

/// <summary>The SQLite store (migrations in <c>Migrations/Sqlite</c>).</summary>
public sealed class SqliteCnnApiDb(DbContextOptions<SqliteCnnApiDb> options) : CnnApiDb(options);

/// <summary>The PostgreSQL store (migrations in <c>Migrations/Postgres</c>).</summary>
public sealed class PostgresCnnApiDb(DbContextOptions<PostgresCnnApiDb> options) : CnnApiDb(options);
