namespace CnnApi.Tests.Infrastructure;

/// <summary>
/// Test classes that measure the whole process (resident memory, liveness latency) and so must not share it with
/// classes running in parallel. xUnit runs a collection with parallelisation disabled after the parallel ones, by itself.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneCollection
{
    public const string Name = "Runs alone";
}
