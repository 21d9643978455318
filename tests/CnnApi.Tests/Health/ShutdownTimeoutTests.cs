using CnnApi.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CnnApi.Tests.Health;

/// <summary>
/// How long the host waits on SIGTERM (a running job checkpoints in that time): .NET's <c>shutdownTimeoutSeconds</c>
/// key, which the deployments set (deploy/k8s worker, docker-compose) below their kill grace period.
/// </summary>
public sealed class ShutdownTimeoutTests
{
    [Fact]
    public void ShutdownTimeoutSeconds_Setting_ReachesTheHost()
    {
        using var factory = new CnnApiFactory(new Dictionary<string, string?> { ["shutdownTimeoutSeconds"] = "120" });
        Assert.Equal(TimeSpan.FromSeconds(120), factory.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }

    [Fact]
    public void ShutdownTimeout_NotSet_IsDotNetsThirtySeconds()
    {
        using var factory = new CnnApiFactory();
        Assert.Equal(TimeSpan.FromSeconds(30), factory.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
    }
}
