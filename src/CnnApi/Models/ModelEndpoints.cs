using CnnApi.ApiDocs;
using CnnApi.Auth;
using CnnApi.Errors;
using CnnApi.Predictions;
using CnnApi.Storage;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CnnApi.Models;

/// <summary><c>/api/v1/models</c>: the models training jobs left behind.</summary>
public static class ModelEndpoints
{
    public const string Sha256Header = "X-Weights-SHA256";

    public static IEndpointRouteBuilder MapModels(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/models").WithTags("Models");
        group.ProducesProblem(StatusCodes.Status503ServiceUnavailable); // the store busy or unreachable (StoreUnavailable)
        group.MapGet("/", List).WithName("ListModels").WithSummary("Trained models, newest first");
        group.MapGet("/{id:guid}", Get).WithName("GetModel").WithSummary("One model").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapDelete("/{id:guid}", Delete).RequireApiKey().WithName("DeleteModel").WithSummary("Delete a model and its files")
            .WithDescription("Deleting the default model makes the newest remaining one the default.").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{id:guid}/promote", Promote).RequireApiKey().WithName("PromoteModel").WithSummary("Make it the default model for /api/v1/predictions")
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}/weights", Weights).WithName("DownloadModelWeights").WithSummary("Download the weights (TorchSharp format)")
            .WithDescription($"The `{Sha256Header}` header carries the file's SHA-256.")
            .ProducesContent(StatusCodes.Status200OK, "application/octet-stream", "The weights file (TorchSharp format).").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapModelExports();
        group.MapEvaluation();
        return app;
    }

    public static async Task<Ok<List<TrainedModel>>> List(IDbContextFactory<CnnApiDb> dbs, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var models = await db.Models.AsNoTracking().OrderByDescending(m => m.CreatedAt).ToListAsync(ct);
        var defaultId = DefaultModel.Choose(models)?.Id;
        return TypedResults.Ok(models.Select(m => TrainedModel.From(m, m.Id == defaultId)).ToList());
    }

    public static async Task<Results<Ok<TrainedModel>, ProblemHttpResult>> Get(Guid id, IDbContextFactory<CnnApiDb> dbs, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var model = await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (model is null) return Problems.NotFound("Model", id);
        return TypedResults.Ok(TrainedModel.From(model, await DefaultModel.IdAsync(db, ct) == id));
    }

    public static async Task<Results<NoContent, ProblemHttpResult>> Delete(
        Guid id, IDbContextFactory<CnnApiDb> dbs, ModelPaths files, ModelCache cache, ILogger<TrainedModel> logger, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        if (await db.Models.Where(m => m.Id == id).ExecuteDeleteAsync(ct) == 0) return Problems.NotFound("Model", id);
        cache.Evict(id);
        files.DeleteModel(id);
        logger.LogInformation("Model {ModelId} deleted", id);
        return TypedResults.NoContent();
    }

    public static async Task<Results<Ok<TrainedModel>, ProblemHttpResult>> Promote(
        Guid id, IDbContextFactory<CnnApiDb> dbs, ILogger<TrainedModel> logger, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var model = await db.Models.FirstOrDefaultAsync(m => m.Id == id, ct);
        if (model is null) return Problems.NotFound("Model", id);
        await db.Models.Where(m => m.IsDefault && m.Id != id).ExecuteUpdateAsync(u => u.SetProperty(m => m.IsDefault, false), ct);
        model.IsDefault = true;
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Model {ModelId} promoted to default", id);
        return TypedResults.Ok(TrainedModel.From(model, true));
    }

    public static async Task<Results<FileStreamHttpResult, ProblemHttpResult>> Weights(
        Guid id, IDbContextFactory<CnnApiDb> dbs, ModelPaths files, HttpResponse response, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var model = await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        var path = files.Weights(id);
        if (model is null || !File.Exists(path)) return Problems.NotFound("Model", id);
        response.Headers[Sha256Header] = model.WeightsSha256;
        return TypedResults.File(File.OpenRead(path), "application/octet-stream", $"model-{id:N}.bin");
    }
}
