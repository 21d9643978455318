using System.Net.Http.Headers;
using CnnApi.Tests.Infrastructure;

namespace CnnApi.Tests.OpenApi;

/// <summary>The response checker every test client uses: it must catch what the live document does not allow, and say where.</summary>
public sealed class OpenApiContractTests(CnnApiFactory factory) : IClassFixture<CnnApiFactory>
{
    private static readonly MediaTypeHeaderValue Json = new("application/json") { CharSet = "utf-8" };
    private static readonly MediaTypeHeaderValue Problem = new("application/problem+json");
    private const string Model = "/api/v1/models/6f9619ff-8b86-d011-b42d-00cf4fc964ff";

    [Fact]
    public async Task Check_UndocumentedStatus_NamesOperationAndStatus()
    {
        var verdict = (await factory.ContractAsync()).Check("GET", Model, 418, Problem, """{"status": 418}""");
        Assert.Equal("GetModel (GET /api/v1/models/{id})", verdict.Where);
        Assert.Contains("status 418 is not documented", Assert.Single(verdict.Problems));
    }

    [Fact]
    public async Task Check_WrongTypeAndMissingProperty_NameJsonPaths()
    {
        var verdict = (await factory.ContractAsync()).Check("GET", "/api/v1/models", 200, Json,
            """[{"id": "6f9619ff-8b86-d011-b42d-00cf4fc964ff", "name": "m", "params": "many"}]""");
        Assert.Contains(verdict.Problems, p => p.StartsWith("at /0/params", StringComparison.Ordinal));
        Assert.Contains(verdict.Problems, p => p.StartsWith("at /0 ", StringComparison.Ordinal) && p.Contains("jobId"));
    }

    [Fact]
    public async Task Check_UndocumentedProperty_Fails()
    {
        var verdict = (await factory.ContractAsync()).Check("GET", "/health/live", 200, Json,
            """{"status": "Healthy", "checks": [], "uptime": 3}""");
        Assert.Contains(verdict.Problems, p => p.Contains("uptime"));
    }

    [Fact]
    public async Task Check_NullWhereTheSchemaSaysNullable_Passes()
    {
        var verdict = (await factory.ContractAsync()).Check("GET", "/health/live", 200, Json,
            """{"status": "Healthy", "checks": [{"name": "store", "status": "Healthy", "description": null}]}""");
        Assert.Empty(verdict.Problems);
    }

    [Fact]
    public async Task Check_UndocumentedContentType_Fails()
    {
        var verdict = (await factory.ContractAsync()).Check("GET", "/health/live", 200, new MediaTypeHeaderValue("text/html"), "<p>ok</p>");
        Assert.Contains("text/html, which the document does not list", Assert.Single(verdict.Problems));
    }

    [Fact]
    public async Task Check_BodyOnANoContentStatus_Fails()
    {
        var verdict = (await factory.ContractAsync()).Check("DELETE", Model, 204, Json, "{}");
        Assert.Contains("documented without a body", Assert.Single(verdict.Problems));
    }

    [Fact]
    public async Task Check_PathNotInTheDocument_FailsUnlessRoutingSaidNotFound()
    {
        var contract = await factory.ContractAsync();
        Assert.Empty(contract.Check("GET", "/api/v1/nothing-here", 404, Problem, """{"status": 404}""").Problems);
        Assert.Contains("not in the document", Assert.Single(contract.Check("GET", "/api/v1/nothing-here", 200, Json, "{}").Problems));
        Assert.Contains("no PUT operation", Assert.Single(contract.Check("PUT", Model, 200, Json, "{}").Problems));
    }

    [Fact]
    public async Task Check_StringWhereAnIntegerIsDocumented_Fails()
    {
        var verdict = (await factory.ContractAsync()).Check("GET", "/api/v1/training-jobs", 200, Json,
            """{"items": [], "page": 1, "pageSize": 20, "total": "x"}""");
        Assert.Contains(verdict.Problems, p => p.StartsWith("at /total", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_MalformedUuid_FailsTheFormat()
    {
        var verdict = (await factory.ContractAsync()).Check("GET", "/api/v1/training-jobs", 200, Json,
            """{"items": [], "page": 1, "pageSize": 20, "total": 0}""");
        Assert.Empty(verdict.Problems);
        var model = (await factory.ContractAsync()).Check("GET", "/api/v1/models", 200, Json,
            """
            [{"id": "not-a-uuid", "name": "m", "jobId": "6f9619ff-8b86-d011-b42d-00cf4fc964ff", "createdAt": "2026-11-30T08:11:17Z",
              "testAccuracy": 0.9, "testLoss": 0.3, "params": 1, "weightsSha256": "ab", "weightsBytes": 4, "isDefault": false,
              "history": [], "architecture": {}}]
            """);
        Assert.Contains(model.Problems, p => p.StartsWith("at /0/id", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Handler_UndocumentedResponse_ThrowsWithOperationStatusAndHowToRegenerate()
    {
        // The handler's own path: a response the document allows passes, and the message format is what mergers read.
        var response = await factory.CreateClient().GetAsync("/health/live");
        Assert.True(response.IsSuccessStatusCode);
        var handler = new OpenApiValidatingHandler(factory.ContractAsync)
        {
            InnerHandler = new StubHandler(new HttpResponseMessage(System.Net.HttpStatusCode.OK)
            {
                Content = new StringContent("""{"status": 1}""", System.Text.Encoding.UTF8, "application/json"),
            }),
        };
        using var client = new HttpClient(handler) { BaseAddress = new Uri("http://localhost") };
        var error = await Assert.ThrowsAsync<OpenApiContractException>(() => client.GetAsync("/health/live"));
        Assert.Contains("GetLiveness (GET /health/live) answered 200 application/json", error.Message);
        Assert.Contains("at /status", error.Message);
        Assert.Contains("UPDATE_OPENAPI=1", error.Message);
    }

    private sealed class StubHandler(HttpResponseMessage response) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) => Task.FromResult(response);
    }
}
