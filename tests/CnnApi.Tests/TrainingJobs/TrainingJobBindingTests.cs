using System.Net;
using System.Text;
using CnnApi.Tests.Infrastructure;
using CnnApi.TrainingJobs;

namespace CnnApi.Tests.TrainingJobs;

/// <summary>
/// POST /api/v1/training-jobs checks the key before it reads the body, and words binding errors by JSON path
/// without .NET type names or framework internals.
/// </summary>
public sealed class TrainingJobBindingTests(CnnApiFactory factory) : IClassFixture<CnnApiFactory>
{
    public static TheoryData<string> Bodies => new() { """{"epochs":"x"}""", "[]", "null", "{", "\"text\"", """{"preset":"seed-valid","epochs":1}""" };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Start_WithoutKey_Returns401WhateverTheBody(string body)
    {
        var response = await factory.CreateClient().PostAsync("/api/v1/training-jobs", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await response.ProblemAsync(HttpStatusCode.Unauthorized);
        Assert.DoesNotContain("CnnApi.", problem.ToString());
    }

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Start_WrongKey_Returns403WhateverTheBody(string body)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", "not-the-key-0123456789");

        await (await client.PostAsync("/api/v1/training-jobs", new StringContent(body, Encoding.UTF8, "application/json"))).ProblemAsync(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData("[]", "")]
    [InlineData("null", "")]
    [InlineData("\"seed-valid\"", "")]
    [InlineData("""{"epochs":"x","preset":"seed-valid"}""", "epochs")]
    [InlineData("""{"epochs":1.5,"preset":"seed-valid"}""", "epochs")]
    [InlineData("""{"epochs":99999999999,"preset":"seed-valid"}""", "epochs")]
    [InlineData("""{"learningRate":"fast","preset":"seed-valid"}""", "learningRate")]
    [InlineData("""{"preset":7}""", "preset")]
    [InlineData("""{"preset":"seed-valid","device":["cpu"]}""", "device")]
    [InlineData("""{"preset":"seed-valid","epoch":3}""", "epoch")]
    public async Task Start_UnbindableBody_Returns400ByPathWithoutInternals(string body, string path)
    {
        var response = await factory.CreateKeyedClient().PostAsync("/api/v1/training-jobs", new StringContent(body, Encoding.UTF8, "application/json"));

        var problem = await response.ProblemAsync(HttpStatusCode.BadRequest);
        var message = Assert.Single(problem.ErrorsAt(path));
        foreach (var internals in new[] { "CnnApi.", "System.", "Nullable", "Int32", "$.", "JsonElement", "TrainingJobRequest", "LineNumber" })
            Assert.DoesNotContain(internals, problem.ToString());
        Assert.False(string.IsNullOrWhiteSpace(message));
    }

    [Fact]
    public async Task Start_CaseInsensitiveNames_AreBoundAsBefore()
    {
        var response = await factory.CreateKeyedClient().PostAsync("/api/v1/training-jobs",
            new StringContent("""{"Preset":"seed-valid","EPOCHS":2,"trainLimit":256,"testLimit":100}""", Encoding.UTF8, "application/json"));

        var job = await response.JsonAsync(HttpStatusCode.Accepted);
        Assert.Equal(2, job.GetProperty("request").GetProperty("epochs").GetInt32());
        await factory.CreateKeyedClient().PostAsync($"/api/v1/training-jobs/{job.GetProperty("id").GetGuid()}/cancel", null);
    }

    [Fact]
    public void Describe_UnexpectedFailure_HidesTypesPathsAndBacktraces()
    {
        var native = new System.Runtime.InteropServices.ExternalException(
            "Expected 4D input at /opt/libtorch/aten/src/ATen/native/Convolution.cpp:123\nframe #0: c10::Error::Error(...) + 0x9c (0x7f in /root/.nuget/libc10.so)");

        var message = TrainingRunner.Describe(native);

        Assert.DoesNotContain("ExternalException", message);
        Assert.DoesNotContain("/", message);
        Assert.DoesNotContain("frame #", message);
    }

    [Fact]
    public void Describe_DataProblem_KeepsTheReasonButNotTheFolders()
    {
        var message = TrainingRunner.Describe(new CnnApi.Torch.Mnist.MnistDataException("/srv/cnnapi/data/datasets/train-labels-idx1-ubyte: file not found"));

        Assert.Equal("train-labels-idx1-ubyte: file not found", message);
    }
}
