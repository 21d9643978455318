using System.ComponentModel.DataAnnotations;

namespace CnnApi.Storage;

/// <summary>The store's database engine: a SQLite file (one node) or a PostgreSQL server (many nodes).</summary>
public enum StorageProvider { Sqlite, Postgres }

/// <summary>
/// Bound from "Storage": which database holds jobs, models and workers, and where model files, checkpoints
/// and the generated API key live (<c>Root</c>: with several nodes, a volume every node mounts).
/// </summary>
public sealed class StorageOptions : IValidatableObject
{
    [Required(AllowEmptyStrings = false)]
    public string Root { get; set; } = "data";

    /// <summary><c>sqlite</c> (default) or <c>postgres</c>.</summary>
    public StorageProvider Provider { get; set; } = StorageProvider.Sqlite;

    /// <summary>
    /// Postgres: an Npgsql connection string (required). SQLite: an EF Core connection string; empty means the
    /// file <c>&lt;Root&gt;/cnnapi.db</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    // Methods, not properties: DataAnnotations validation reads every property, and an empty Root must fail validation, not throw.
    public string FullRoot() => Path.GetFullPath(Root);
    public string ModelsDirectory() => Path.Combine(FullRoot(), "models");
    public string CheckpointsDirectory() => Path.Combine(FullRoot(), "checkpoints");
    public string SqliteConnectionString() => ConnectionString is { Length: > 0 } c ? c : $"Data Source={Path.Combine(FullRoot(), "cnnapi.db")}";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == StorageProvider.Postgres && string.IsNullOrWhiteSpace(ConnectionString))
            yield return new ValidationResult("Storage:Provider=postgres needs Storage:ConnectionString (an Npgsql connection string).",
                [nameof(ConnectionString)]);
    }
}
