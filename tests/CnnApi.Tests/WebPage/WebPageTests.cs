using System.Net;
using System.Net.Http.Headers;
using CnnApi.Tests.Infrastructure;
using CnnApi.WebPage;

namespace CnnApi.Tests.WebPage;

/// <summary>
/// The page at <c>/</c> is served from wwwroot beside the API, whose own routes and errors stay as they were. The page's
/// files are not API operations, so they are read with the client that does not hold answers to the OpenAPI document.
/// </summary>
public sealed class WebPageTests(CnnApiFactory factory) : IClassFixture<CnnApiFactory>
{
    [Fact]
    public async Task Root_Get_ServesThePageWithNoCacheAndOnlyThisOrigin()
    {
        using var response = await factory.CreateUncheckedClient().GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache);
        Assert.Equal(WebPageSetup.ContentSecurityPolicy, response.Headers.GetValues("Content-Security-Policy").Single());
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("<script type=\"module\" src=\"js/app.js\">", html);
        Assert.Contains("href=\"swagger\"", html);
        Assert.DoesNotContain("https://", html); // nothing from a CDN
    }

    [Fact]
    public async Task Module_GetAgainWithItsETag_Answers304()
    {
        var client = factory.CreateUncheckedClient();
        using var first = await client.GetAsync("/js/app.js");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/javascript", first.Content.Headers.ContentType?.MediaType);
        Assert.True(first.Headers.CacheControl?.NoCache);

        using var again = new HttpRequestMessage(HttpMethod.Get, "/js/app.js");
        again.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var second = await client.SendAsync(again);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
    }

    [Fact]
    public async Task EveryModule_ImportedByThePage_Exists()
    {
        var client = factory.CreateUncheckedClient();
        var pending = new Queue<string>(["js/app.js"]);
        var seen = new HashSet<string>();
        while (pending.TryDequeue(out var path))
        {
            if (!seen.Add(path)) continue;
            using var response = await client.GetAsync("/" + path);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"/{path}: {(int)response.StatusCode}");
            var source = await response.Content.ReadAsStringAsync();
            foreach (System.Text.RegularExpressions.Match import in System.Text.RegularExpressions.Regex.Matches(source, @"from '\./([\w-]+\.js)'"))
                pending.Enqueue("js/" + import.Groups[1].Value);
        }
        Assert.True(seen.Count >= 5, string.Join(", ", seen));
    }

    [Fact]
    public async Task UnknownPath_Get_IsStillTheApisProblem404()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        using var response = await client.GetAsync("/no-such-page");

        var problem = await response.ProblemAsync(HttpStatusCode.NotFound);
        Assert.Equal("GET /no-such-page", problem.GetProperty("instance").GetString());
    }

    [Fact]
    public async Task SwaggerUi_Get_IsStillServed()
    {
        using var response = await factory.CreateClient().GetAsync("/swagger/index.html");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("swagger-ui", await response.Content.ReadAsStringAsync());
    }
}
