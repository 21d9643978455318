using CnnApi.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CnnApi.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class LayoutTests(BrowserApp app)
{
    public static TheoryData<string> Widths => new() { "desktop", "phone" };

    /// <summary>Every view in use at one width: no console error, nothing wider than the screen, a screenshot of each.</summary>
    [Theory]
    [MemberData(nameof(Widths))]
    public async Task Page_EveryViewAtWidth_HasNoConsoleErrorsNoOverflowAndIsScreenshotted(string width)
    {
        await app.OtherModelAsync(); // two models: one of them not the default, the row with the most buttons
        await using var session = await PageSession.OpenAsync(app, width == "phone" ? PageSession.Phone : PageSession.Desktop);
        var page = session.Page;

        await page.Locator("#model-picker").SelectOptionAsync(app.ModelId);
        await Digits.DrawOneAsync(page);
        await Expect(page.Locator("#probabilities [data-digit]")).ToHaveCountAsync(10);
        await AssertFitsAsync(page, "draw");
        // The upload is a label styled as a button: it lines up with the Clear button beside it, same top, same height.
        var clear = await page.Locator("#clear-pad").BoundingBoxAsync();
        var upload = await page.Locator("label[for='upload']").BoundingBoxAsync();
        Assert.Equal((Math.Round(clear!.Y), Math.Round(clear.Height)), (Math.Round(upload!.Y), Math.Round(upload.Height)));
        await session.ScreenshotAsync("draw");

        await page.GetByRole(AriaRole.Link, new() { Name = "Architectures", Exact = true }).ClickAsync();
        await Expect(page.Locator("#summary-result pre.keras")).ToBeVisibleAsync();
        await AssertFitsAsync(page, "architectures");
        await session.ScreenshotAsync("architectures");

        await page.GetByRole(AriaRole.Link, new() { Name = "Compare two" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "seed-valid vs seed-same" }).ClickAsync();
        await Expect(page.Locator("#compare-result [data-side='b']")).ToHaveTextAsync("3,231,498");
        await AssertFitsAsync(page, "compare");
        await session.ScreenshotAsync("compare");

        await page.GetByRole(AriaRole.Link, new() { Name = "Training", Exact = true }).ClickAsync();
        var fixtureJob = page.Locator("#jobs-table tbody tr").Last;
        await fixtureJob.GetByRole(AriaRole.Button, new() { Name = "Follow" }).ClickAsync();
        await Expect(page.Locator("#live-status")).ToHaveTextAsync("succeeded");
        await Expect(page.Locator($"#models-table tr[data-id='{app.ModelId}']")).ToBeVisibleAsync();
        await AssertFitsAsync(page, "training");
        if (width == "desktop")
        {
            // Each model's buttons on one line: a row as tall as its neighbours, not two or three lines of buttons.
            var lines = await page.Locator("#models-table tbody tr .actions").EvaluateAllAsync<int[]>(
                "all => all.map(a => new Set([...a.children].map(b => Math.round(b.getBoundingClientRect().top))).size)");
            Assert.NotEmpty(lines);
            Assert.All(lines, count => Assert.Equal(1, count));
        }
        await session.ScreenshotAsync("training");

        // The form's options open with every group switched on, its estimate, and a model's details.
        await page.Locator("#train-options summary").ClickAsync();
        foreach (var toggle in await page.Locator("#train-options fieldset:not([data-group='reduceLrOnPlateau']) [data-toggles]").AllAsync()) await toggle.CheckAsync();
        await page.Locator("#train-limit").FillAsync("320");
        await page.GetByRole(AriaRole.Button, new() { Name = "Estimate" }).ClickAsync();
        await Expect(page.Locator("#estimate-memory")).ToBeVisibleAsync(new() { Timeout = 60_000 }); // a probe may time the network first
        await AssertFitsAsync(page, "training options");
        await page.Locator($"#models-table tr[data-id='{app.ModelId}']").GetByRole(AriaRole.Button, new() { Name = "Details" }).ClickAsync();
        await Expect(page.Locator("#wrong-digits li").First).ToBeVisibleAsync();
        await AssertFitsAsync(page, "model");
        await session.ScreenshotAsync("model");

        session.AssertNoErrors();
    }

    private static async Task AssertFitsAsync(IPage page, string view)
    {
        // Against the screen's width, not innerWidth: a phone's layout viewport grows to fit content that overflows.
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth") - page.ViewportSize!.Width;
        Assert.True(overflow <= 0, $"The {view} view is {overflow} px wider than the screen.");
        // Nor a list (jobs, workers, models) that only fits by scrolling sideways inside its frame. A layer summary
        // may: it is a wide table by nature.
        var tables = await page.EvaluateAsync<string[]>(
            "() => [...document.querySelectorAll('.table-wrap:has(table.cards)')].filter(w => w.offsetParent && w.scrollWidth > w.clientWidth + 1)" +
            ".map(w => `${w.querySelector('table')?.id || 'a table'} by ${w.scrollWidth - w.clientWidth} px`)");
        Assert.True(tables.Length == 0, $"In the {view} view, {string.Join(", ", tables)} scrolls sideways.");
    }

    [Fact]
    public async Task Page_Keyboard_ReachesTheViewsAndTheUpload()
    {
        await using var session = await PageSession.OpenAsync(app);
        var page = session.Page;

        await TabToAsync(page, "a[data-view='training']");
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#view-training")).ToBeVisibleAsync();
        await Expect(page.Locator("#train-title")).ToBeFocusedAsync();

        await page.GotoAsync("/#draw");
        await TabToAsync(page, "#upload");
        await Expect(page.Locator("#upload")).ToBeFocusedAsync();
    }

    private static async Task TabToAsync(IPage page, string selector)
    {
        for (var i = 0; i < 30; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            if (await page.EvaluateAsync<bool>("s => document.activeElement?.matches(s) ?? false", selector)) return;
        }
        Assert.Fail($"Tab never reached {selector}.");
    }

    [Theory]
    [InlineData(true, "0s")]
    [InlineData(false, "0.25s")]
    public async Task Page_ReducedMotionSetting_DecidesWhetherBarsAnimate(bool reduce, string duration)
    {
        await using var session = await PageSession.OpenAsync(app, reducedMotion: reduce);
        await session.Page.Locator("#model-picker").SelectOptionAsync(app.ModelId);
        await Digits.DrawOneAsync(session.Page);
        var bar = session.Page.Locator("#probabilities .bar-fill").First;
        await Expect(bar).ToHaveCountAsync(1);

        Assert.Equal(duration, await bar.EvaluateAsync<string>("b => getComputedStyle(b).transitionDuration"));
    }
}
