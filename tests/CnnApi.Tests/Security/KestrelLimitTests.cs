using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CnnApi.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace CnnApi.Tests.Security;

/// <summary>On a real Kestrel socket: its body size limit stays a 413, and slow headers and slow bodies are cut off.</summary>
public sealed class KestrelLimitTests : IDisposable
{
    private readonly CnnApiFactory _factory;
    private readonly Uri _address;

    public KestrelLimitTests()
    {
        _factory = new CnnApiFactory(new Dictionary<string, string?>
        {
            ["Kestrel:Limits:MaxRequestBodySize"] = "200000",
            ["Limits:RequestHeadersTimeoutSeconds"] = "1",
            ["Limits:MinRequestBodyBytesPerSecond"] = "5000",
            ["Limits:MinRequestBodyGraceSeconds"] = "2",
        });
        _factory.UseKestrel(0);
        _factory.StartServer();
        var addresses = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        _address = new Uri(addresses.First());
    }

    [Fact]
    public async Task Predict_UploadOverKestrelsLimit_Returns413()
    {
        using var client = new HttpClient { BaseAddress = _address };
        client.DefaultRequestHeaders.Add("X-Api-Key", CnnApiFactory.ApiKey);
        var jobs = new JobClient(client);
        var job = await jobs.WaitForEndAsync((await jobs.StartAsync(new { preset = "mnist-convnet", batchSize = 64, trainLimit = 128, testLimit = 100, seed = 5 }))
            .GetProperty("id").GetString()!, seconds: 300);
        var content = new MultipartFormDataContent { { new ByteArrayContent(new byte[300_000]), "image", "big.png" } };

        var response = await client.PostAsync($"/api/v1/models/{job.GetProperty("modelId").GetString()}/predictions", content);

        await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Summary_BodyOverKestrelsLimit_Returns413()
    {
        using var client = new HttpClient { BaseAddress = _address };
        var content = new StringContent("{\"name\":\"" + new string('x', 300_000) + "\"}", Encoding.UTF8, "application/json");

        var response = await client.PostAsync("/api/v1/architectures/summary", content);

        await response.ProblemAsync(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Connection_HeadersNeverFinished_IsClosedAfterTheTimeout()
    {
        using var socket = await ConnectAsync();
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET /health/live HTTP/1.1\r\nHost: localhost\r\nX-Slow: "));

        var clock = Stopwatch.StartNew();
        var answer = await ReadUntilClosedAsync(socket, TimeSpan.FromSeconds(15));

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"{clock.Elapsed}");
        Assert.True(answer.Length == 0 || answer.Contains(" 408 "), answer);
    }

    [Fact]
    public async Task Connection_BodyTrickling_IsCutOff()
    {
        using var socket = await ConnectAsync();
        await socket.SendAsync(Encoding.ASCII.GetBytes(
            "POST /api/v1/architectures/summary HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{"));
        var clock = Stopwatch.StartNew();
        var closed = ReadUntilClosedAsync(socket, TimeSpan.FromSeconds(20));
        while (!closed.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            try { await socket.SendAsync(" "u8.ToArray()); }
            catch (SocketException) { break; }
            await Task.Delay(200);
        }
        var answer = await closed;

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"{clock.Elapsed}");
        Assert.True(answer.Length == 0 || answer.Contains(" 408 "), answer);
    }

    private async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, _address.Port);
        return socket;
    }

    private static async Task<string> ReadUntilClosedAsync(Socket socket, TimeSpan limit)
    {
        using var timeout = new CancellationTokenSource(limit);
        var received = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
                received.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException) { }
        return received.ToString();
    }

    public void Dispose() => _factory.Dispose();
}
