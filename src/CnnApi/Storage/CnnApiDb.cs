using CnnApi.Models;
using CnnApi.TrainingJobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace CnnApi.Storage;

/// <summary>The job and model store (SQLite by default).</summary>
public sealed class CnnApiDb(DbContextOptions<CnnApiDb> options) : DbContext(options)
{
    public DbSet<TrainingJobEntity> Jobs => Set<TrainingJobEntity>();
    public DbSet<ModelEntity> Models => Set<ModelEntity>();

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
            job.HasIndex(j => new { j.Status, j.CreatedAt });
        });
        modelBuilder.Entity<ModelEntity>(model =>
        {
            model.ToTable("models");
            model.Property(m => m.Name).HasMaxLength(200);
            model.HasIndex(m => m.CreatedAt);
        });
    }
}
