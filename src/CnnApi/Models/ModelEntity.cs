namespace CnnApi.Models;

/// <summary>A trained model's row; its files live in <c>&lt;Storage:Root&gt;/models/{id}/</c>.</summary>
public sealed class ModelEntity
{
    public Guid Id { get; set; }
    public Guid JobId { get; set; }
    public string Name { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public double TestAccuracy { get; set; }
    public double TestLoss { get; set; }
    public long Params { get; set; }
    public string WeightsSha256 { get; set; } = "";
    public long WeightsBytes { get; set; }
    public bool IsDefault { get; set; }
    /// <summary>The architecture document the model was trained from (spec or Keras JSON).</summary>
    public string ArchitectureJson { get; set; } = "";
    public string HistoryJson { get; set; } = "[]";
    /// <summary>The model this one continued training from (<c>initialModelId</c>); kept when that model is deleted.</summary>
    public Guid? ParentModelId { get; set; }
}
