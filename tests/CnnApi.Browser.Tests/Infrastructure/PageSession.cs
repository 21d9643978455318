using CnnApi.Tests.Infrastructure;
using Microsoft.Playwright;

namespace CnnApi.Browser.Tests.Infrastructure;

/// <summary>One browser context at one screen size: the page, every console error and failed request it caused, and screenshots.</summary>
public sealed class PageSession : IAsyncDisposable
{
    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 800 };
    public static readonly ViewportSize Phone = new() { Width = 390, Height = 844 };

    private readonly IBrowserContext context;
    private readonly List<string> errors = [];

    private PageSession(IBrowserContext context, IPage page)
    {
        this.context = context;
        Page = page;
        page.Console += (_, message) => { if (message.Type == "error") errors.Add($"console: {message.Text} ({message.Location})"); };
        page.PageError += (_, error) => errors.Add($"page error: {error}");
        // Aborts are the page's own doing (a closed event stream, a superseded prediction); anything else is a failure.
        page.RequestFailed += (_, request) =>
        {
            if (request.Failure != "net::ERR_ABORTED") errors.Add($"request failed: {request.Method} {request.Url} {request.Failure}");
        };
    }

    public IPage Page { get; }

    /// <summary>Errors so far: console errors, uncaught exceptions and requests that never got an answer.</summary>
    public IReadOnlyList<string> Errors => errors;

    public void AssertNoErrors() => Assert.True(errors.Count == 0, "The page reported:\n" + string.Join("\n", errors));

    public string Width => Page.ViewportSize!.Width <= Phone.Width ? "phone" : "desktop";

    public static async Task<PageSession> OpenAsync(BrowserApp app, ViewportSize? size = null, string hash = "#draw", bool reducedMotion = false,
        ColorScheme scheme = ColorScheme.Light)
    {
        var phone = size?.Width <= Phone.Width;
        var context = await app.Browser.NewContextAsync(new()
        {
            BaseURL = app.BaseAddress.ToString(),
            ViewportSize = size ?? Desktop,
            DeviceScaleFactor = 1,
            IsMobile = phone,
            HasTouch = phone,
            ReducedMotion = reducedMotion ? ReducedMotion.Reduce : ReducedMotion.NoPreference,
            ColorScheme = scheme,
        });
        context.SetDefaultTimeout(30_000);
        var session = new PageSession(context, await context.NewPageAsync());
        await session.Page.GotoAsync($"/{hash}");
        await session.Page.WaitForSelectorAsync("body[data-ready='true']");
        return session;
    }

    /// <summary>A full-page screenshot under TestResults/screenshots/{view}-{desktop|phone}[-dark].png.</summary>
    public async Task ScreenshotAsync(string view)
    {
        var scheme = await Page.EvaluateAsync<bool>("() => matchMedia('(prefers-color-scheme: dark)').matches") ? "-dark" : "";
        var folder = Environment.GetEnvironmentVariable("SCREENSHOTS_DIR") is { Length: > 0 } dir
            ? dir
            : Path.Combine(TestData.RepoRoot(), "TestResults", "screenshots");
        Directory.CreateDirectory(folder);
        await Page.ScreenshotAsync(new() { Path = Path.Combine(folder, $"{view}-{Width}{scheme}.png"), FullPage = true, Animations = ScreenshotAnimations.Disabled });
    }

    public async ValueTask DisposeAsync() => await context.DisposeAsync();
}

/// <summary>What a person does on the page besides clicking: type the API key when the page asks for it.</summary>
public static class PageActions
{
    /// <summary>Runs <paramref name="action"/>, which makes the page ask for the key, and types the fixture's key into the dialog.</summary>
    public static async Task WithKeyAsync(this IPage page, Func<Task> action)
    {
        await action();
        var dialog = page.Locator("#key-dialog");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await dialog.Locator("#key-input").FillAsync(BrowserApp.ApiKey);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Use this key" }).ClickAsync();
        await Assertions.Expect(dialog).ToBeHiddenAsync();
    }
}
