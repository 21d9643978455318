using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using CnnApi.Health;
using CnnApi.Tests.Infrastructure;

namespace CnnApi.Tests.Health;

/// <summary><c>CnnApi healthcheck</c>: where it looks, and its exit code against a real Kestrel port and a dead one.</summary>
public sealed class HealthcheckCommandTests
{
    [Theory]
    [InlineData("http://+:8080", null, "http://127.0.0.1:8080/health/live")]
    [InlineData("http://*:5000;https://*:5001", null, "http://127.0.0.1:5000/health/live")]
    [InlineData("https://+:5001;http://0.0.0.0:5002", null, "http://127.0.0.1:5002/health/live")]
    [InlineData("http://localhost:5080", "9999", "http://localhost:5080/health/live")]
    [InlineData("http://[::]:7000", null, "http://[::1]:7000/health/live")]
    [InlineData("http://127.0.0.1", null, "http://127.0.0.1:80/health/live")]
    [InlineData(null, "8081", "http://127.0.0.1:8081/health/live")]
    [InlineData("", "8082;8083", "http://127.0.0.1:8082/health/live")]
    [InlineData(null, null, "http://127.0.0.1:8080/health/live")]
    public void LiveUrl_FromAspNetCoreVariables_LoopbackAddress(string? urls, string? httpPorts, string expected) =>
        Assert.Equal(expected, HealthcheckCommand.LiveUrl(urls, httpPorts));

    [Fact]
    public async Task Healthcheck_ServerListening_ExitsZero()
    {
        using var factory = new CnnApiFactory();
        factory.UseKestrel(0);
        factory.StartServer();
        var url = new Uri(factory.ClientOptions.BaseAddress, HealthcheckCommand.LivePath).ToString();

        var output = new StringWriter();
        Assert.Equal(0, await HealthcheckCommand.RunAsync([HealthcheckCommand.Name, url], output));
        Assert.Contains("200", output.ToString());
    }

    [Fact]
    public async Task Healthcheck_NothingListening_ExitsOneQuickly()
    {
        var url = $"http://127.0.0.1:{UnusedPort()}{HealthcheckCommand.LivePath}";
        // Timed warm: the bound is about a refused connection (the command's own timeout is 3 s), not about compiling
        // the HTTP stack on a first run, which a loaded machine stretches.
        Assert.Equal(1, await HealthcheckCommand.RunAsync([HealthcheckCommand.Name, url], TextWriter.Null));
        var watch = Stopwatch.StartNew();
        Assert.Equal(1, await HealthcheckCommand.RunAsync([HealthcheckCommand.Name, url], TextWriter.Null));
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    [Fact]
    public async Task Healthcheck_ServerAnswersError_ExitsOne()
    {
        using var factory = new CnnApiFactory();
        factory.UseKestrel(0);
        factory.StartServer();
        var url = new Uri(factory.ClientOptions.BaseAddress, "/no-such-path").ToString();
        Assert.Equal(1, await HealthcheckCommand.RunAsync([HealthcheckCommand.Name, url], TextWriter.Null));
    }

    private static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
