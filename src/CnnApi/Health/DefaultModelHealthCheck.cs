using CnnApi.Predictions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CnnApi.Health;

/// <summary>Ready when there is no model yet, or when the default model is loaded (loading it if needed).</summary>
public sealed class DefaultModelHealthCheck(PredictionService predictions) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        if (await predictions.DefaultModelIdAsync(ct) is not { } id) return HealthCheckResult.Healthy("No model yet.");
        try
        {
            return await predictions.FindModelAsync(id, ct) is null
                ? HealthCheckResult.Unhealthy($"Default model {id} has no weights file.")
                : HealthCheckResult.Healthy($"Default model {id} loaded.");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            return HealthCheckResult.Unhealthy($"Default model {id} cannot be loaded.", e);
        }
    }
}
