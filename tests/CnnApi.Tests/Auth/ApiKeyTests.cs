using System.Net;
using System.Net.Http.Json;
using CnnApi.Auth;
using CnnApi.Storage;
using CnnApi.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CnnApi.Tests.Auth;

/// <summary>Mutating endpoints need X-Api-Key (401 without, 403 wrong); reading stays open.</summary>
public sealed class ApiKeyTests(CnnApiFactory factory) : IClassFixture<CnnApiFactory>
{
    public static TheoryData<string, string> MutatingEndpoints => new()
    {
        { "POST", "/api/v1/training-jobs" },
        { "POST", $"/api/v1/training-jobs/{Guid.Empty}/cancel" },
        { "DELETE", $"/api/v1/models/{Guid.Empty}" },
        { "POST", $"/api/v1/models/{Guid.Empty}/promote" },
    };

    [Theory]
    [MemberData(nameof(MutatingEndpoints))]
    public async Task Mutating_NoKey_Returns401(string method, string path)
    {
        var response = await factory.CreateClient().SendAsync(Request(method, path));
        await response.ProblemAsync(HttpStatusCode.Unauthorized);
    }

    [Theory]
    [MemberData(nameof(MutatingEndpoints))]
    public async Task Mutating_WrongKey_Returns403(string method, string path)
    {
        var request = Request(method, path);
        request.Headers.Add("X-Api-Key", CnnApiFactory.ApiKey + "x");
        await (await factory.CreateClient().SendAsync(request)).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Reading_NoKey_IsOpen()
    {
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/training-jobs")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/models")).StatusCode);
    }

    [Fact]
    public async Task NoConfiguredKey_GeneratesOwnerOnlyKeyFile_ThatWorks()
    {
        using var keyless = new CnnApiFactory(new Dictionary<string, string?> { ["Auth:ApiKeys:0"] = "" });
        var client = keyless.CreateClient();
        var file = Path.Combine(keyless.StorageRoot, "api-key");
        Assert.True(File.Exists(file));
        if (!OperatingSystem.IsWindows()) Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        var request = Request("POST", $"/api/v1/models/{Guid.NewGuid()}/promote");
        request.Headers.Add("X-Api-Key", File.ReadAllText(file).Trim());
        Assert.Equal(HttpStatusCode.NotFound, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task NoConfiguredKey_ReplicasStartingTogetherOnSharedRoot_AllAcceptTheOneKeyFile()
    {
        var root = CnnApiFactory.NewStorageRoot();
        try
        {
            ApiKeys NewReplica() => new(Options.Create(new AuthOptions()), Options.Create(new StorageOptions { Root = root }),
                NullLogger<ApiKeys>.Instance);
            using var start = new Barrier(8);
            var replicas = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => { start.SignalAndWait(); return NewReplica(); })));

            var key = File.ReadAllText(Path.Combine(root, "api-key")).Trim();
            Assert.All(replicas, replica => Assert.True(replica.IsValid(key)));
            Assert.Equal(["api-key"], Directory.GetFiles(root).Select(Path.GetFileName));
        }
        finally { Directory.Delete(root, recursive: true); }
    }

    private static HttpRequestMessage Request(string method, string path) =>
        new(new HttpMethod(method), path) { Content = method == "POST" ? JsonContent.Create(new { preset = "seed-valid" }) : null };
}
