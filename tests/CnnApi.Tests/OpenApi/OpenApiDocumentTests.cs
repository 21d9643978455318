using System.Text.Json.Nodes;
using CnnApi.Tests.Infrastructure;

namespace CnnApi.Tests.OpenApi;

/// <summary>
/// docs/openapi.json is the live document, committed so every contract change is deliberate and visible in review.
/// After changing an endpoint: <c>UPDATE_OPENAPI=1 dotnet test tests/CnnApi.Tests -c Release --filter FullyQualifiedName~OpenApiDocumentTests</c>.
/// </summary>
public sealed class OpenApiDocumentTests(OpenApiDocumentTests.PublicUrlFactory factory) : IClassFixture<OpenApiDocumentTests.PublicUrlFactory>
{
    /// <summary>The committed document names the address ./run.sh serves on.</summary>
    public sealed class PublicUrlFactory() : CnnApiFactory(new Dictionary<string, string?> { ["ApiDocs:ServerUrl"] = "http://127.0.0.1:5080" });

    public static string CommittedPath => Path.Combine(TestData.RepoRoot(), "docs", "openapi.json");

    [Fact]
    public async Task LiveDocument_EqualsTheCommittedDocsOpenApiJson()
    {
        var live = Normalize(await factory.CreateUncheckedClient().GetStringAsync("/swagger/v1/swagger.json"));
        if (Environment.GetEnvironmentVariable("UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(CommittedPath, live);
            return;
        }
        var committed = File.Exists(CommittedPath) ? Normalize(await File.ReadAllTextAsync(CommittedPath)) : "";
        if (committed == live) return;
        var (liveLines, committedLines) = (live.Split('\n'), committed.Split('\n'));
        var first = Enumerable.Range(0, Math.Max(liveLines.Length, committedLines.Length))
            .First(i => i >= liveLines.Length || i >= committedLines.Length || liveLines[i] != committedLines[i]);
        string Around(string[] lines) => string.Join("\n", lines.Skip(Math.Max(0, first - 3)).Take(8).Select((l, i) => $"  {Math.Max(0, first - 3) + i + 1,5}: {l}"));
        Assert.Fail($"The live OpenAPI document differs from docs/openapi.json from line {first + 1} on.\n" +
            $"docs/openapi.json:\n{Around(committedLines)}\nlive:\n{Around(liveLines)}\n" +
            "If the change is meant, regenerate the file and commit it: UPDATE_OPENAPI=1 dotnet test tests/CnnApi.Tests -c Release " +
            "--filter FullyQualifiedName~OpenApiDocumentTests (then rebuild: the generated client follows the file).");
    }

    [Fact]
    public async Task Document_EveryOperation_HasAUniqueOperationIdExplicitSecurityAndItsErrors()
    {
        var document = JsonNode.Parse(await factory.CreateUncheckedClient().GetStringAsync("/swagger/v1/swagger.json"))!;
        var ids = new List<string>();
        foreach (var (path, item) in document["paths"]!.AsObject())
        foreach (var (method, operation) in item!.AsObject())
        {
            var where = $"{method.ToUpperInvariant()} {path}";
            var id = operation!["operationId"]?.GetValue<string>();
            Assert.False(string.IsNullOrEmpty(id), $"{where} has no operationId: add .WithName(\"VerbNoun\") to the endpoint.");
            ids.Add(id!);
            var security = Assert.IsType<JsonArray>(operation["security"], exactMatch: false);
            var responses = operation["responses"]!.AsObject();
            if (security.Count > 0)
                Assert.True(responses.ContainsKey("401") && responses.ContainsKey("403"), $"{where} needs a key but documents no 401/403.");
            if (path.Contains("{id}"))
                Assert.True(responses.ContainsKey("404"), $"{where} takes an id but documents no 404.");
            if (operation["requestBody"] is not null)
                Assert.True(responses.ContainsKey("400") && responses.ContainsKey("415"), $"{where} takes a body but documents no 400/415.");
            foreach (var (status, response) in responses.Where(r => r.Key[0] is '4' or '5'))
                Assert.True(response!["content"]?["application/problem+json"] is not null || path.StartsWith("/health", StringComparison.Ordinal),
                    $"{where} {status} is not documented as application/problem+json.");
        }
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public async Task Document_Servers_ComeFromConfigurationOrTheRequest()
    {
        var configured = JsonNode.Parse(await factory.CreateUncheckedClient().GetStringAsync("/swagger/v1/swagger.json"))!;
        Assert.Equal("http://127.0.0.1:5080", configured["servers"]![0]!["url"]!.GetValue<string>());
        using var plain = new CnnApiFactory();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/swagger/v1/swagger.json");
        request.Headers.Host = "cnn.example.test:8443";
        var fromRequest = JsonNode.Parse(await (await plain.CreateUncheckedClient().SendAsync(request)).Content.ReadAsStringAsync())!;
        Assert.Equal("http://cnn.example.test:8443", fromRequest["servers"]![0]!["url"]!.GetValue<string>());
    }

    [Fact]
    public async Task Document_LayerReceptiveField_IsNullable()
    {
        var document = JsonNode.Parse(await factory.CreateUncheckedClient().GetStringAsync("/swagger/v1/swagger.json"))!;
        var field = document["components"]!["schemas"]!["LayerSummary"]!["properties"]!["receptiveField"]!;
        Assert.True(field["nullable"]?.GetValue<bool>(), $"receptiveField is null for Flatten and Dense: {field.ToJsonString()}");
    }

    private static string Normalize(string text) => text.Replace("\r\n", "\n").TrimEnd('\n') + "\n";
}
