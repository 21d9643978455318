using CnnApi.Architectures;
using CnnApi.ApiDocs;
using CnnApi.Errors;
using CnnApi.Security;
using Microsoft.Extensions.Options;

namespace CnnApi.TrainingJobs;

/// <summary>
/// <c>POST /api/v1/training-jobs/estimate</c>: what a job would cost here, before anything runs. The body is a job
/// request, read and validated exactly as a submission (same 400s, 413, 415), except that memory over the budget is
/// answered with <c>fits: false</c> instead of a 400. Like the summary it is a read (nothing is stored): no API key and no
/// rate limit of its own; the probe that times a network it has not seen is limited per client (<see cref="ArchitectureProbes"/>).
/// </summary>
public static class EstimateEndpoint
{
    public static RouteGroupBuilder MapEstimate(this RouteGroupBuilder group)
    {
        group.MapPost("/estimate", Estimate).WithName("EstimateTrainingJob")
            .WithSummary("Estimate a job's time and memory before running it")
            .WithDescription("Takes the body of `POST /api/v1/training-jobs` and answers seconds per epoch and in total on this node's device " +
                "(this network's own speed at this batch size: timed once by training a few batches of it here (four passes over at least 1,024 images, the first untimed: 0.2–3 s for the presets), or measured by a finished job; " +
                "else fitted from the architecture's MACs and this node's benchmark at start; `throughput.source` says which, `throughput.probeSkipped` why no probe ran) and the memory " +
                "for weights, gradients, optimizer state and the batch's activations; `fits` says whether it is within this node's budget " +
                "(Training:MemoryBudgetBytes): a job that does not fit is refused at submission with 400. No API key needed.")
            .Accepts<TrainingJobRequest>("application/json")
            .Produces<TrainingJobEstimate>().ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithRequestExample(new { preset = "seed-valid", epochs = 3, batchSize = 128, optimizer = "adam", validationSplit = 0.1 });
        return group;
    }

    public static async Task<IResult> Estimate(HttpRequest http, JobPlanner planner, JobEstimator estimator,
        IOptions<ArchitectureOptions> architectures, CancellationToken ct)
    {
        var body = await RequestBody.ReadJsonAsync(http, architectures.Value.MaxBodyBytes, ct);
        if (body.Problem is { } unreadable) return unreadable;
        var bindErrors = new List<(string, string)>();
        if (JsonBinder.Bind<TrainingJobRequest>(body.Json, bindErrors) is not { } request) return Problems.Validation(bindErrors);
        var plan = await planner.PlanAsync(request, ct, checkMemory: false);
        if (plan.Errors.Count > 0) return Problems.Validation(plan.Errors);
        return TypedResults.Ok(await estimator.EstimateAsync(JobStore.Request(plan.Job!), RateLimits.Client(http.HttpContext), ct));
    }
}
