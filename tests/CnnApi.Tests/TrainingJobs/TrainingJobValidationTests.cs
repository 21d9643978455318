using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CnnApi.Tests.Infrastructure;

namespace CnnApi.Tests.TrainingJobs;

/// <summary>Every validation rule of POST /api/v1/training-jobs is a 400 naming its field; nothing is queued.</summary>
public sealed class TrainingJobValidationTests(CnnApiFactory factory) : IClassFixture<CnnApiFactory>
{
    private readonly HttpClient _client = factory.CreateKeyedClient();

    public static TheoryData<string, string> InvalidRequests => new()
    {
        { """{"preset":"seed-valid","epochs":0}""", "epochs" },
        { """{"preset":"seed-valid","epochs":1001}""", "epochs" },
        { """{"preset":"seed-valid","batchSize":0}""", "batchSize" },
        { """{"preset":"seed-valid","batchSize":4097}""", "batchSize" },
        { """{"preset":"seed-valid","learningRate":0}""", "learningRate" },
        { """{"preset":"seed-valid","learningRate":10.5}""", "learningRate" },
        { """{"preset":"seed-valid","validationSplit":-0.1}""", "validationSplit" },
        { """{"preset":"seed-valid","validationSplit":0.6}""", "validationSplit" },
        { """{"preset":"seed-valid","batchSize":128,"trainLimit":100}""", "trainLimit" },
        { """{"preset":"seed-valid","optimizer":"adagrad"}""", "optimizer" },
        { """{"preset":"seed-valid","testLimit":0}""", "testLimit" },
        { """{"preset":"seed-valid","testLimit":10001}""", "testLimit" },
        { """{"preset":"seed-valid","epoch":3}""", "epoch" },
        { """{"preset":"seed-valid","dataset":"cifar10"}""", "dataset" },
        { """{}""", "preset" },
        { """{"preset":"seed-valid","architecture":{"layers":[{"type":"Flatten"},{"type":"Dense","units":10}]}}""", "preset" },
        { """{"preset":"no-such-preset"}""", "preset" },
        { """{"preset":"seed-valid","device":"cuda"}""", "device" },
        { """{"preset":"seed-valid","device":"tpu"}""", "device" },
        { """{"architecture":{"layers":[{"type":"Flatten"},{"type":"Dense","units":7}]}}""", "architecture.layers" },
        { """{"architecture":{"inputShape":[32,32,3],"layers":[{"type":"Flatten"},{"type":"Dense","units":10}]}}""", "architecture.inputShape" },
        { """{"architecture":{"layers":[{"type":"Conv2D","filters":8,"kernelSize":30}]}}""", "architecture.layers[0]" },
        { """{"architecture":{"layers":[{"type":"Dense","unitz":10}]}}""", "architecture.layers[0].unitz" },
    };

    [Theory]
    [MemberData(nameof(InvalidRequests))]
    public async Task Start_InvalidField_Returns400NamingIt(string body, string path)
    {
        var response = await _client.PostAsync("/api/v1/training-jobs", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.ErrorsAt(path));
    }

    [Fact]
    public async Task Start_MalformedJson_Returns400()
    {
        var response = await _client.PostAsync("/api/v1/training-jobs", new StringContent("{\"preset\":", System.Text.Encoding.UTF8, "application/json"));
        await response.ProblemAsync(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Start_WrongContentType_Returns415()
    {
        var response = await _client.PostAsync("/api/v1/training-jobs", new StringContent("preset=seed-valid", System.Text.Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Fact]
    public async Task Start_InvalidRequests_QueueNothing()
    {
        await _client.PostAsJsonAsync("/api/v1/training-jobs", new JsonObject { ["preset"] = "seed-valid", ["epochs"] = 0 });
        var page = await (await _client.GetAsync("/api/v1/training-jobs?status=queued")).JsonAsync(HttpStatusCode.OK);
        Assert.Equal(0, page.GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("status=finished", "status")]
    [InlineData("page=0", "page")]
    [InlineData("pageSize=500", "pageSize")]
    public async Task List_BadQuery_Returns400(string query, string path)
    {
        var problem = await (await _client.GetAsync($"/api/v1/training-jobs?{query}")).ProblemAsync(HttpStatusCode.BadRequest);
        Assert.NotEmpty(problem.ErrorsAt(path));
    }

    [Fact]
    public async Task Get_UnknownId_Returns404()
    {
        await (await _client.GetAsync($"/api/v1/training-jobs/{Guid.NewGuid()}")).ProblemAsync(HttpStatusCode.NotFound);
        await (await _client.GetAsync($"/api/v1/training-jobs/{Guid.NewGuid()}/events")).ProblemAsync(HttpStatusCode.NotFound);
        await (await _client.PostAsync($"/api/v1/training-jobs/{Guid.NewGuid()}/cancel", null)).ProblemAsync(HttpStatusCode.NotFound);
    }
}
