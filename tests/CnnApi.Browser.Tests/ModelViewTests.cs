using System.Net;
using System.Text.Json;
using CnnApi.Browser.Tests.Infrastructure;
using CnnApi.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CnnApi.Browser.Tests;

/// <summary>A model's details: the API's evaluation as tables and images, its export downloads and generated code.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ModelViewTests(BrowserApp app)
{
    [Fact]
    public async Task ModelView_FixtureModel_ShowsTheApisEvaluationExportsAndGeneratedCode()
    {
        var evaluation = await (await app.Api.GetAsync($"/api/v1/models/{app.ModelId}/evaluation")).JsonAsync(HttpStatusCode.OK);
        var model = await (await app.Api.GetAsync($"/api/v1/models/{app.ModelId}")).JsonAsync(HttpStatusCode.OK);
        await using var session = await PageSession.OpenAsync(app, hash: "#training");
        var page = session.Page;

        await page.Locator($"#models-table tr[data-id='{app.ModelId}']").GetByRole(AriaRole.Button, new() { Name = "Details" }).ClickAsync();

        await Expect(page.Locator("#model-view")).ToBeFocusedAsync();
        await Expect(page.Locator("#model-view-title")).ToHaveTextAsync($"Model {model.GetProperty("name").GetString()}");
        await Expect(page.Locator("#model-parent")).ToHaveTextAsync("Trained from scratch.");
        await Expect(page.Locator("#evaluation-summary")).ToContainTextAsync(
            $"{PageFormats.Percent(evaluation.GetProperty("accuracy").GetDouble(), 2)} of {PageFormats.Number(evaluation.GetProperty("testCount").GetInt32())} test images right");
        var matrix = evaluation.GetProperty("confusionMatrix").EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.GetInt32()).ToArray()).ToArray();
        var cells = await page.Locator("#confusion tbody td").AllTextContentsAsync();
        Assert.Equal(matrix.SelectMany(r => r).Select(c => PageFormats.Number(c)), cells);
        // The heat map: each cell's level is its share of the true digit's row, as model.js bins it.
        var levels = await page.Locator("#confusion tbody td").EvaluateAllAsync<string[]>("cells => cells.map(c => /heat-(\\d)/.exec(c.className)[1])");
        Assert.Equal(matrix.SelectMany(r => r.Select(c => Heat(r.Sum() == 0 ? 0 : (double)c / r.Sum()).ToString())), levels);

        foreach (var c in evaluation.GetProperty("classes").EnumerateArray())
        {
            var row = page.Locator($"#per-class tr[data-digit='{c.GetProperty("digit")}'] td");
            var expected = new[] { PageFormats.Number(c.GetProperty("support").GetInt32()), PageFormats.Number(c.GetProperty("predicted").GetInt32()),
                Shown(c.GetProperty("precision")), Shown(c.GetProperty("recall")) };
            Assert.Equal(expected, await row.AllTextContentsAsync());
        }

        var wrong = evaluation.GetProperty("mostConfidentlyWrong").EnumerateArray().ToList();
        Assert.NotEmpty(wrong); // a 2,000-image model misses some of 1,000 test digits
        await Expect(page.Locator("#wrong-digits li")).ToHaveCountAsync(wrong.Count);
        var first = page.Locator("#wrong-digits li").First;
        await Expect(first).ToHaveAttributeAsync("data-index", wrong[0].GetProperty("index").ToString());
        await Expect(first).ToContainTextAsync($"{wrong[0].GetProperty("label")} → {wrong[0].GetProperty("predicted")}");
        await Expect(first).ToContainTextAsync(PageFormats.Percent(wrong[0].GetProperty("confidence").GetDouble()));
        await Expect(first.Locator("img")).ToHaveAttributeAsync("src", wrong[0].GetProperty("image").GetString()!);
        Assert.True(await first.Locator("img").EvaluateAsync<bool>("img => img.complete && img.naturalWidth === 28"), "The PNG data URL did not load.");

        foreach (var export in model.GetProperty("exports").EnumerateArray())
        {
            var link = page.Locator($"#model-exports a[data-format='{export.GetProperty("format").GetString()}']");
            var download = await page.RunAndWaitForDownloadAsync(() => link.ClickAsync());
            Assert.Equal(export.GetProperty("fileName").GetString(), download.SuggestedFilename);
            Assert.True(new FileInfo(await download.PathAsync()).Length > 34_826 * 4, $"{download.SuggestedFilename} is smaller than the weights.");
        }

        foreach (var (format, label) in new[] { ("pytorch", "PyTorch code"), ("keras", "Keras code"), ("torchsharp", "TorchSharp code") })
        {
            using var body = new StringContent(model.GetProperty("architecture").GetRawText(), System.Text.Encoding.UTF8, "application/json");
            using var response = await app.Api.PostAsync($"/api/v1/architectures/code?format={format}", body);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            await page.GetByRole(AriaRole.Button, new() { Name = label, Exact = true }).ClickAsync();
            await Expect(page.Locator("#model-code")).ToHaveAttributeAsync("data-format", format);
            Assert.Equal((await response.Content.ReadAsStringAsync()).ReplaceLineEndings("\n"), await page.Locator("#model-code").TextContentAsync());
            var download = await page.RunAndWaitForDownloadAsync(() => page.Locator("#model-code-download").ClickAsync());
            Assert.Equal(response.Content.Headers.ContentDisposition!.FileName!.Trim('"'), download.SuggestedFilename);
        }
        session.AssertNoErrors();
    }

    private static int Heat(double share) => share == 0 ? 0 : share <= 0.05 ? 1 : share <= 0.2 ? 2 : share <= 0.5 ? 3 : share <= 0.8 ? 4 : 5;

    private static string Shown(JsonElement value) => value.ValueKind == JsonValueKind.Null ? "—" : PageFormats.Percent(value.GetDouble());
}
