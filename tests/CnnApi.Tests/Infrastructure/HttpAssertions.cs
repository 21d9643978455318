using System.Net;
using System.Text.Json;

namespace CnnApi.Tests.Infrastructure;

/// <summary>Reads a ProblemDetails answer and checks its status and content type.</summary>
public static class HttpAssertions
{
    public static async Task<JsonElement> ProblemAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var json = JsonDocument.Parse(body).RootElement;
        Assert.Equal((int)status, json.GetProperty("status").GetInt32());
        return json;
    }

    /// <summary>The messages of a ValidationProblemDetails under one JSON path key.</summary>
    public static string[] ErrorsAt(this JsonElement problem, string path) =>
        problem.TryGetProperty("errors", out var errors) && errors.TryGetProperty(path, out var messages)
            ? messages.EnumerateArray().Select(m => m.GetString()!).ToArray()
            : throw new Xunit.Sdk.XunitException($"No error at '{path}' in {problem}");

    public static async Task<JsonElement> JsonAsync(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement;
    }
}
