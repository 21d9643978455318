using System.Net.ServerSentEvents;
using CnnApi.ApiDocs;
using CnnApi.Architectures;
using CnnApi.Auth;
using CnnApi.Errors;
using CnnApi.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using CnnApi.Workers;
using Microsoft.Extensions.Options;

namespace CnnApi.TrainingJobs;

/// <summary><c>/api/v1/training-jobs</c>: start, list, read, follow and cancel training jobs.</summary>
public static class TrainingJobEndpoints
{
    public static IEndpointRouteBuilder MapTrainingJobs(this IEndpointRouteBuilder app)
    {
        // 503 with Retry-After on every operation when the job store is busy or unreachable (StoreUnavailable).
        var group = app.MapGroup("/api/v1/training-jobs").WithTags("Training jobs");
        group.ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/", Start).RequireApiKey().RateLimited(RateLimits.TrainingJobs).WithName("StartTrainingJob")
            .WithSummary("Start a training job").WithDescription("Queues a job that trains a preset or an architecture on MNIST. Answers 202 with the job and its Location; 429 when Training:MaxQueuedJobs jobs already wait. " +
                "Optional Keras callbacks (`earlyStopping`, `reduceLrOnPlateau`, `learningRateSchedule`); `initialModelId` continues training from a model's weights (400 naming it when the model does not exist or has another architecture). " +
                "`augmentation` changes each training batch at random (never validation or test images), reproducibly from the seed. " +
                "A preset's `recommendedTraining` (GET /api/v1/architectures/presets) is a request to submit as is, with `preset` added.")
            .Accepts<TrainingJobRequest>("application/json")
            .Produces<TrainingJob>(StatusCodes.Status202Accepted).ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status429TooManyRequests).ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .WithRequestExample(new
            {
                preset = "seed-valid", epochs = 3, batchSize = 128, optimizer = "adam", learningRate = 0.001, validationSplit = 0.1, trainLimit = (int?)null, seed = 42, device = "auto",
                // Callbacks (issue 13): all optional.
                earlyStopping = new { monitor = "val_loss", patience = 2, minDelta = 0.0, mode = "auto", restoreBestWeights = true },
                learningRateSchedule = new { type = "cosine", alpha = 0.01 },
                // Random shifts (pixels), rotations (degrees) and zooms (fraction) of each training batch: optional.
                augmentation = new { shift = 2.5, rotation = 10, zoom = 0.1 },
            });
        group.MapEstimate();
        group.MapGet("/", List).WithName("ListTrainingJobs").WithSummary("List jobs, newest first");
        group.MapGet("/{id:guid}", Get).WithName("GetTrainingJob").WithSummary("One job").ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{id:guid}/events", Events).WithName("GetTrainingJobEvents").WithSummary("Follow a job as Server-Sent Events")
            .WithDescription("Events: `job` (a snapshot), `progress`, `epoch` (one per finished epoch) and a final `status`; the stream ends with the job, or after EventStreams:MaxLifetimeSeconds (reconnect with `Last-Event-ID` to go on). Honours `Last-Event-ID`. 503 with Retry-After when EventStreams:MaxConcurrent streams are open.")
            .ProducesContent(StatusCodes.Status200OK, "text/event-stream", 
                "Server-Sent Events, each `data` one JSON object: `job` and `status` carry a TrainingJob, `epoch` an EpochResult, " +
                "`progress` `{status, progress: JobProgress}`. Ids: `(epoch-1)·10⁶ + batch` (progress), `epoch·10⁶ − 1` (epoch), `epochs·10⁶ + 1` (status).").ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapPost("/{id:guid}/cancel", Cancel).RequireApiKey().WithName("CancelTrainingJob").WithSummary("Cancel a queued or running job")
            .WithDescription("A queued job is cancelled at once; a running one stops within one batch and leaves no model. 409 if the job already ended.")
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status409Conflict);
        return app;
    }

    /// <summary>
    /// Reads the body itself (no parameter binding), so the API key filter answers 401/403 before a byte of it is
    /// read, and binding errors are worded by JSON path like every other validation error.
    /// </summary>
    public static async Task<IResult> Start(
        HttpRequest http, JobPlanner planner, JobStore store, JobSignal signal, IOptions<TrainingOptions> options,
        IOptions<ArchitectureOptions> architectures, ILogger<TrainingJobRequest> logger, CancellationToken ct)
    {
        var body = await RequestBody.ReadJsonAsync(http, architectures.Value.MaxBodyBytes, ct);
        if (body.Problem is { } unreadable) return unreadable;
        var bindErrors = new List<(string, string)>();
        if (JsonBinder.Bind<TrainingJobRequest>(body.Json, bindErrors) is not { } request) return Problems.Validation(bindErrors);
        var plan = await planner.PlanAsync(request, ct);
        if (plan.Errors.Count > 0) return Problems.Validation(plan.Errors);
        var job = plan.Job!;
        if (!await store.TryEnqueueAsync(job, options.Value.MaxQueuedJobs, ct))
            return Problems.Status(StatusCodes.Status429TooManyRequests, "Job queue full",
                $"{options.Value.MaxQueuedJobs} jobs are already queued (Training:MaxQueuedJobs); try again when some have run.");
        signal.Notify();
        logger.LogInformation("Job {JobId} queued: {Name}", job.Id, job.Name);
        return TypedResults.Accepted($"/api/v1/training-jobs/{job.Id}", JobStore.ToDto(job));
    }

    public static async Task<Results<Ok<TrainingJobPage>, ValidationProblem>> List(
        JobStore store, WorkerRegistry workers, CancellationToken ct, string? status = null, int page = 1, int pageSize = 20)
    {
        var errors = new List<(string, string)>();
        TrainingJobStatus? filter = null;
        if (status is not null)
        {
            if (Enum.TryParse<TrainingJobStatus>(status, ignoreCase: true, out var parsed) && !int.TryParse(status, out _)) filter = parsed;
            else errors.Add(("status", "Use queued, running, succeeded, failed or cancelled."));
        }
        if (page < 1) errors.Add(("page", "Pages start at 1."));
        if (pageSize is < 1 or > 200) errors.Add(("pageSize", "Must be between 1 and 200."));
        if (errors.Count > 0) return Problems.Validation(errors);
        var (items, total) = await store.ListAsync(filter, page, pageSize, ct);
        var live = items.Any(j => j.Status == TrainingJobStatus.Queued) ? await workers.LiveDevicesAsync(ct) : [];
        return TypedResults.Ok(new TrainingJobPage(items.Select(j => JobStore.ToDto(j, WaitReason(j, live))).ToList(), page, pageSize, total));
    }

    public static async Task<Results<Ok<TrainingJob>, ProblemHttpResult>> Get(Guid id, JobStore store, WorkerRegistry workers, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is not { } job) return Problems.NotFound("Training job", id);
        var live = job.Status == TrainingJobStatus.Queued ? await workers.LiveDevicesAsync(ct) : [];
        return TypedResults.Ok(JobStore.ToDto(job, WaitReason(job, live)));
    }

    /// <summary>Why a queued job waits, given the devices live workers offer.</summary>
    public static string WaitReason(TrainingJobEntity job, IReadOnlyList<string> liveDevices) =>
        liveDevices.Count == 0 ? $"a worker to start: no worker is live (the job runs on {job.RequestedDevice})"
        : !WorkerDevices.IsOffered(job.RequestedDevice, liveDevices)
            ? $"a worker offering {job.RequestedDevice}: live workers offer {string.Join(", ", liveDevices)}"
            : $"a free worker offering {job.RequestedDevice} (the ones live are busy, or about to claim it)";

    public static async Task<IResult> Events(
        Guid id, HttpRequest request, JobStore store, JobEvents events, EventStreamGate gate, CancellationToken ct)
    {
        if (await store.FindAsync(id, ct) is null) return Problems.NotFound("Training job", id);
        if (gate.TryEnter(request.HttpContext) is null)
            return RetryAfter.Unavailable("Too many event streams",
                "As many event streams are open as this node allows (EventStreams:MaxConcurrent); poll GET /api/v1/training-jobs/{id} or retry.", 5);
        var lastEventId = long.TryParse(request.Headers["Last-Event-ID"].ToString(), out var last) ? last : 0;
        return TypedResults.ServerSentEvents(gate.Bounded(JobEventStream.ReadAsync(id, lastEventId, store, events, ct), ct));
    }

    public static async Task<Results<Ok<TrainingJob>, ProblemHttpResult>> Cancel(
        Guid id, JobStore store, JobSignal signal, TrainingWorker worker, JobEvents events, CancellationToken ct)
    {
        var (job, conflict) = await store.RequestCancelAsync(id, ct);
        if (job is null) return Problems.NotFound("Training job", id);
        if (conflict)
            return Problems.Conflict("Job already finished", $"Job {id} is {job.Status.ToString().ToLowerInvariant()}; only queued or running jobs can be cancelled.");
        worker.CancelLocal(id);
        signal.Notify();
        events.Changed(id);
        return TypedResults.Ok(JobStore.ToDto(job));
    }
}
