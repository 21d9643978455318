using CnnApi.Errors;
using CnnApi.Security;
using CnnApi.Storage;
using CnnApi.Torch.Mnist;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace CnnApi.Models;

/// <summary><c>GET /api/v1/models/{id}/evaluation</c>: the confusion matrix, per-digit precision and recall, and the most confidently wrong test digits.</summary>
public static class ModelEvaluationEndpoint
{
    public static RouteGroupBuilder MapEvaluation(this RouteGroupBuilder group)
    {
        group.MapGet("/{id:guid}/evaluation", Get).WithName("GetModelEvaluation")
            .WithSummary("Where the model fails on the test set: confusion matrix, precision and recall per digit, most confidently wrong digits")
            .WithDescription("Computed from the published weights when the job finished, on the test images its accuracy was measured on " +
                "(`testCount`), so `accuracy` equals the model's `testAccuracy`. A model trained before evaluations existed is evaluated " +
                "at its first request (`source: on-demand`; seconds for small models) and the result kept. Each wrong digit carries its " +
                "MNIST test-set index and the image as a PNG data URL. Rate limited per client (`RateLimits:Evaluations`).")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .RateLimited(RateLimits.Evaluations);
        return group;
    }

    public static async Task<Results<Ok<ModelEvaluationView>, ProblemHttpResult>> Get(Guid id, IDbContextFactory<CnnApiDb> dbs,
        ModelEvaluations evaluations, ILogger<ModelEvaluations> logger, CancellationToken ct)
    {
        await using var db = await dbs.CreateDbContextAsync(ct);
        var model = await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, ct);
        if (model is null) return Problems.NotFound("Model", id);
        try
        {
            var view = await evaluations.GetAsync(model, ct);
            return view is null
                ? Problems.Status(StatusCodes.Status404NotFound, "Model files not found", $"Model '{id}' has no weights on this node's storage, so it cannot be evaluated.")
                : TypedResults.Ok(view);
        }
        catch (MnistDataException e)
        {
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Test set unavailable",
                $"Model '{id}' has no stored evaluation and MNIST's test set cannot be read on this node: {e.Message}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Model {ModelId} could not be evaluated", id);
            return Problems.Status(StatusCodes.Status503ServiceUnavailable, "Model unusable", $"Model '{id}' could not be evaluated: its weights cannot be loaded.");
        }
    }
}
