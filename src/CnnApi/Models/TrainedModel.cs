using CnnApi.Torch.Training;
using System.Text.Json;
using CnnApi.TrainingJobs;

namespace CnnApi.Models;

/// <summary>A trained model as the API shows it. <c>ParentModelId</c>: the model it continued training from, if any (that model may since have been deleted).</summary>
public sealed record TrainedModel(
    Guid Id,
    string Name,
    Guid JobId,
    DateTime CreatedAt,
    double TestAccuracy,
    double TestLoss,
    long Params,
    string WeightsSha256,
    long WeightsBytes,
    bool IsDefault,
    IReadOnlyList<EpochResult> History,
    JsonElement Architecture)
{
    public Guid? ParentModelId { get; init; }

    /// <summary>The API view of a row; <paramref name="isDefault"/> says whether predictions use it by default.</summary>
    public static TrainedModel From(ModelEntity m, bool isDefault) => new(
        m.Id, m.Name, m.JobId, m.CreatedAt, m.TestAccuracy, m.TestLoss, m.Params, m.WeightsSha256, m.WeightsBytes, isDefault,
        JsonSerializer.Deserialize<List<EpochResult>>(m.HistoryJson, JobJson.Options) ?? [],
        JsonDocument.Parse(m.ArchitectureJson).RootElement.Clone()) { ParentModelId = m.ParentModelId };
}
