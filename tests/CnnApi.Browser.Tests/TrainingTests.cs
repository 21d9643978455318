using CnnApi.Browser.Tests.Infrastructure;
using CnnApi.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CnnApi.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class TrainingTests(BrowserApp app)
{
    [Fact]
    public async Task Training_SmallJobStartedFromPage_ReachesFullProgressDrawsCurvesAndListsItsModel()
    {
        await using var session = await PageSession.OpenAsync(app, hash: "#training");
        var page = session.Page;
        await TrainingForm.FillJobAsync(page, trainLimit: 320, testLimit: 200);

        await page.WithKeyAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Start training" }).ClickAsync());

        await Expect(page.Locator("#live-status")).ToHaveTextAsync("succeeded", new() { Timeout = 120_000 });
        await Expect(page.Locator("#live-progress")).ToHaveAttributeAsync("aria-valuenow", "100");
        await Expect(page.Locator("#live-progress-text")).ToContainTextAsync("100 %");
        await Expect(page.Locator("#loss-chart path.series")).ToHaveCountAsync(2);        // loss and validation loss
        await Expect(page.Locator("#accuracy-chart")).ToHaveAttributeAsync("data-points", "2");
        var modelId = await page.Locator("#live-job").GetAttributeAsync("data-model-id");
        Assert.False(string.IsNullOrEmpty(modelId));
        await Expect(page.Locator($"#models-table tr[data-id='{modelId}']")).ToBeVisibleAsync();
        await Expect(page.Locator($"#model-picker option[value='{modelId}']")).ToHaveCountAsync(1);
        // Typed once, kept for this tab's session only.
        Assert.Equal(BrowserApp.ApiKey, await page.EvaluateAsync<string>("() => sessionStorage.getItem('cnnapi.apiKey')"));
        Assert.Equal(0, await page.EvaluateAsync<int>("() => localStorage.length"));
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Training_CancelRunningJob_EndsCancelled()
    {
        await using var session = await PageSession.OpenAsync(app, hash: "#training");
        var page = session.Page;
        await TrainingForm.FillJobAsync(page, trainLimit: 60000, testLimit: 100, epochs: "3");
        await page.WithKeyAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Start training" }).ClickAsync());
        await Expect(page.Locator("#live-status")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex("queued|running"));

        await page.Locator("#live-cancel").ClickAsync();

        await Expect(page.Locator("#live-status")).ToHaveTextAsync("cancelled", new() { Timeout = 60_000 });
        await Expect(page.Locator("#live-cancel")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Training_EpochsZero_ShowsTheApiMessageBesideTheField()
    {
        await using var session = await PageSession.OpenAsync(app, hash: "#training");
        var page = session.Page;
        await TrainingForm.FillJobAsync(page, trainLimit: 320, testLimit: 100, epochs: "0");

        await page.WithKeyAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Start training" }).ClickAsync());

        var field = page.Locator("#train-epochs");
        await Expect(field).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(field.Locator("xpath=..").Locator(".field-error")).ToHaveTextAsync("epochs Must be between 1 and 1000.");
        await Expect(page.Locator("#live-job")).ToBeHiddenAsync();
    }

    [Fact]
    public async Task Models_PromoteAnotherThenDownload_MovesTheDefaultAndSavesWeights()
    {
        var other = await app.OtherModelAsync();
        await using var session = await PageSession.OpenAsync(app, hash: "#training");
        var page = session.Page;
        var otherRow = page.Locator($"#models-table tr[data-id='{other}']");
        var fixtureRow = page.Locator($"#models-table tr[data-id='{app.ModelId}']");
        await page.WithKeyAsync(() => page.Locator("#key-button").ClickAsync()); // typed up front, in the header
        if (await otherRow.Locator(".badge.default").CountAsync() == 0)
            await otherRow.GetByRole(AriaRole.Button, new() { Name = "the default model" }).ClickAsync();
        await Expect(otherRow.Locator(".badge.default")).ToBeVisibleAsync();
        await Expect(page.Locator("#model-picker option").First).ToHaveAttributeAsync("value", other);

        await fixtureRow.GetByRole(AriaRole.Button, new() { Name = "the default model" }).ClickAsync();

        await Expect(fixtureRow.Locator(".badge.default")).ToBeVisibleAsync();
        await Expect(otherRow.Locator(".badge.default")).ToHaveCountAsync(0);
        await Expect(page.Locator("#model-picker option").First).ToHaveAttributeAsync("value", app.ModelId);
        var download = await page.RunAndWaitForDownloadAsync(() => fixtureRow.GetByRole(AriaRole.Link, new() { Name = "Download" }).ClickAsync());
        Assert.Equal($"model-{Guid.Parse(app.ModelId):N}.bin", download.SuggestedFilename);
        Assert.True(new FileInfo(await download.PathAsync()).Length > 34_826 * 4);
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Workers_TrainingView_ListsThisServersWorkerWithItsDevice()
    {
        var workers = await (await app.Api.GetAsync("/api/v1/workers")).JsonAsync(System.Net.HttpStatusCode.OK);
        var id = workers.EnumerateArray().Single().GetProperty("id").GetString()!;
        await using var session = await PageSession.OpenAsync(app, hash: "#training");
        var page = session.Page;

        var row = page.Locator($"#workers-table tr[data-id='{id}']");
        await Expect(row).ToBeVisibleAsync();
        await Expect(row.Locator("td").Nth(1)).ToHaveTextAsync("cpu");
        await Expect(row.Locator("td").Nth(3)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^\d+ s ago$"));
        await Expect(row.Locator("td").Nth(4)).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^(idle|1 job)$"));
        session.AssertNoErrors();
    }
}
