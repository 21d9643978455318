using System.Text.Json;
using CnnApi.Browser.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CnnApi.Browser.Tests;

/// <summary>A server whose memory budget (64 MiB) is below what seed-same needs with Adam (about 85 MiB): no model trained.</summary>
public sealed class SmallBudgetApp : BrowserApp
{
    public const long BudgetBytes = 64L << 20;

    protected override bool TrainsFixtureModel => false;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Training:MemoryBudgetBytes", BudgetBytes.ToString());
    }
}

/// <summary>The estimate's error path: an architecture too big for the node's budget, then its refused submission.</summary>
public sealed class EstimateBudgetTests(SmallBudgetApp app) : IClassFixture<SmallBudgetApp>
{
    [Fact]
    public async Task Estimate_ArchitectureOverTheBudget_SaysItDoesNotFitAndTheSubmissionIsRefusedBesideTheArchitecture()
    {
        await using var session = await PageSession.OpenAsync(app, hash: "#training");
        var page = session.Page;
        await page.Locator("#train-editor select").SelectOptionAsync("seed-same");
        await page.Locator("#train-limit").FillAsync("320");
        await page.Locator("#train-test-limit").FillAsync("100");

        var response = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Estimate" }).ClickAsync(),
            r => r.Url.EndsWith("/api/v1/training-jobs/estimate"));
        var estimate = JsonDocument.Parse(await response.TextAsync()).RootElement;

        Assert.False(estimate.GetProperty("fits").GetBoolean());
        Assert.Equal(SmallBudgetApp.BudgetBytes, estimate.GetProperty("memoryBudgetBytes").GetInt64());
        await Expect(page.Locator("#estimate-fits")).ToHaveTextAsync("does not fit");
        await Expect(page.Locator("#estimate-memory tr[data-key='total'] td")).ToHaveTextAsync(PageFormats.Bytes(estimate.GetProperty("memory").GetProperty("totalBytes").GetInt64()));
        await Expect(page.Locator("#estimate-memory tr[data-key='budget'] td")).ToHaveTextAsync(PageFormats.Bytes(SmallBudgetApp.BudgetBytes));
        await Expect(page.Locator("#estimate-refusal")).ToBeVisibleAsync();

        await page.WithKeyAsync(() => page.Locator("#key-button").ClickAsync());
        var refused = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Start training" }).ClickAsync(),
            r => r.Url.EndsWith("/api/v1/training-jobs") && r.Request.Method == "POST");

        Assert.Equal(400, refused.Status);
        var error = JsonDocument.Parse(await refused.TextAsync()).RootElement.GetProperty("errors").EnumerateObject().Single();
        Assert.Contains("budget", error.Value[0].GetString());
        await Expect(page.Locator("#train-editor select")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.Locator("#train-editor .field-error")).ToHaveTextAsync($"{error.Name} {error.Value[0].GetString()}");
        await Expect(page.Locator("#live-job")).ToBeHiddenAsync();
        // No AssertNoErrors: Chromium logs every 4xx response to the console.
    }
}
