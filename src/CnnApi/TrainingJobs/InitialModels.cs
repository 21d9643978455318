using System.Text.Json;
using CnnApi.Architectures;
using CnnApi.Architectures.Summaries;
using CnnApi.Storage;
using Microsoft.EntityFrameworkCore;

namespace CnnApi.TrainingJobs;

/// <summary>
/// Continued training (<c>initialModelId</c>) at submission: the model must exist (else a 400 naming the field: the
/// id is part of the request body, not the URL, as an unknown <c>preset</c> is) and have the architecture the job
/// trains: the same layers in the same order with the same names, types, output shapes and parameter counts, so its
/// weights load one for one. Settings that hold no weights (a dropout rate, an activation) may differ.
/// </summary>
public sealed class InitialModels(IDbContextFactory<CnnApiDb> dbs)
{
    public const string Field = "initialModelId";

    /// <summary>
    /// Checks <paramref name="id"/> against the job's architecture <paramref name="json"/> (null when the request gave
    /// none, or gave one that has errors of its own: <paramref name="given"/> says which). Returns the architecture to
    /// train: the model's when the request gave none.
    /// </summary>
    public async Task<(JsonElement? Json, string Name)> CheckAsync(Guid id, JsonElement? json, string name, bool given,
        List<(string, string)> errors, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var parent = await db.Models.AsNoTracking().Where(m => m.Id == id)
            .Select(m => new { m.Name, m.ArchitectureJson }).FirstOrDefaultAsync(ct);
        if (parent is null)
        {
            errors.Add((Field, $"No model {id}: continue from one that GET /api/v1/models lists."));
            return (json, name);
        }
        using var document = JsonDocument.Parse(parent.ArchitectureJson);
        var parentJson = document.RootElement.Clone();
        if (!given) return (parentJson, parent.Name);
        if (json is not { } own) return (json, name);
        if (Difference(ArchitectureDocuments.SummarizeStored(parentJson), ArchitectureDocuments.SummarizeStored(own)) is { } difference)
            errors.Add((Field, $"Model {id} has another architecture ({difference}): continued training needs the same layers and weights."));
        return (json, name);
    }

    /// <summary>The first difference in weight-bearing structure, in words; null when the weights of one load into the other.</summary>
    public static string? Difference(ArchitectureSummary model, ArchitectureSummary job)
    {
        if (model.Layers.Count != job.Layers.Count)
            return $"{model.Layers.Count} layers in the model, {job.Layers.Count} in this job";
        for (int i = 0; i < model.Layers.Count; i++)
        {
            LayerSummary a = model.Layers[i], b = job.Layers[i];
            if (a.Name != b.Name || a.Type != b.Type || !a.OutputShape.SequenceEqual(b.OutputShape)
                || a.Params != b.Params || a.TrainableParams != b.TrainableParams)
                return $"layer {i}: the model's is {Describe(a)}, this job's {Describe(b)}";
        }
        return null;
    }

    private static string Describe(LayerSummary layer) =>
        $"{layer.Name} ({layer.Type}) [{string.Join(", ", layer.OutputShape.Select(d => d?.ToString() ?? "null"))}] with {layer.Params:N0} parameters"
        + (layer.TrainableParams != layer.Params ? $", {layer.TrainableParams:N0} trainable" : "");
}
