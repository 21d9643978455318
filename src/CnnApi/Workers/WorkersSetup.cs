namespace CnnApi.Workers;

/// <summary>The workers feature: this node's devices and the registry of every node's workers.</summary>
public static class WorkersSetup
{
    public static WebApplicationBuilder AddWorkers(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<WorkerDevices>();
        builder.Services.AddSingleton<WorkerRegistry>();
        return builder;
    }
}
