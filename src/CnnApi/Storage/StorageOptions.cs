using System.ComponentModel.DataAnnotations;

namespace CnnApi.Storage;

/// <summary>Bound from "Storage": where the job database, trained models and the generated API key live.</summary>
public sealed class StorageOptions
{
    [Required(AllowEmptyStrings = false)]
    public string Root { get; set; } = "data";

    /// <summary>EF Core connection string; empty means a SQLite file <c>&lt;Root&gt;/cnnapi.db</c>.</summary>
    public string? ConnectionString { get; set; }

    // Methods, not properties: DataAnnotations validation reads every property, and an empty Root must fail validation, not throw.
    public string FullRoot() => Path.GetFullPath(Root);
    public string ModelsDirectory() => Path.Combine(FullRoot(), "models");
    public string CheckpointsDirectory() => Path.Combine(FullRoot(), "checkpoints");
    public string SqliteConnectionString() => ConnectionString is { Length: > 0 } c ? c : $"Data Source={Path.Combine(FullRoot(), "cnnapi.db")}";
}
