using Microsoft.AspNetCore.Http.HttpResults;

namespace CnnApi.Workers;

/// <summary><c>/api/v1/workers</c>: the training workers sharing this store.</summary>
public static class WorkerEndpoints
{
    public static IEndpointRouteBuilder MapWorkers(this IEndpointRouteBuilder app)
    {
        app.MapGroup("/api/v1/workers").WithTags("Workers")
            .MapGet("/", List).WithName("ListWorkers").WithSummary("Live training workers")
            .WithDescription("Each worker process that trains jobs: its id (the lease owner name), host, the devices it offers (`cpu`, `cuda:N`), the jobs it runs now and its last heartbeat. A worker is live while its heartbeat is younger than Training:LeaseSeconds.");
        return app;
    }

    public static async Task<Ok<List<WorkerView>>> List(WorkerRegistry registry, CancellationToken ct) =>
        TypedResults.Ok(await registry.ListLiveAsync(ct));
}
