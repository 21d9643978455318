using CnnApi.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CnnApi.Browser.Tests;

/// <summary>WCAG 2 contrast of the page's text against what is behind it, in the light and the dark scheme.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ContrastTests(BrowserApp app)
{
    // The ratio of the text's colour to the first opaque background behind it: (L1 + 0.05) / (L2 + 0.05).
    private const string Ratios = """
        selectors => {
          const rgb = c => (c.match(/[\d.]+/g) || []).map(Number);
          const lum = ([r, g, b]) => [r, g, b].map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; })
            .reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
          const behind = node => {
            for (; node; node = node.parentElement) {
              const c = rgb(getComputedStyle(node).backgroundColor);
              if (c.length === 3 || c[3] === 1) return c.slice(0, 3);
            }
            return [255, 255, 255];
          };
          return selectors.flatMap(s => [...document.querySelectorAll(s)].filter(n => n.offsetParent !== null).map(n => {
            const [a, b] = [lum(rgb(getComputedStyle(n).color).slice(0, 3)), lum(behind(n))];
            return { selector: s, ratio: (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05) };
          }));
        }
        """;

    private static readonly string[] Text =
    [
        "h1", "h2", ".lead", ".note", "label", ".top nav a", "a.quiet", "button", "button.primary", ".badge",
        ".bar-value", ".seen figcaption", "th", "td", ".total .label", ".problem", ".layer-error", "code.id",
        "summary", "legend label", "label.check", ".total .value", "caption", ".wrong-digits span", ".confusion td", "pre",
    ];

    [Theory]
    [InlineData(ColorScheme.Light)]
    [InlineData(ColorScheme.Dark)]
    public async Task Page_TextInColorScheme_HasAtLeastWcagAaContrast(ColorScheme scheme)
    {
        await using var session = await PageSession.OpenAsync(app, scheme: scheme);
        var page = session.Page;
        await page.Locator("#model-picker").SelectOptionAsync(app.ModelId);
        await Digits.DrawOneAsync(page);
        await Expect(page.Locator("#probabilities [data-digit]")).ToHaveCountAsync(10);
        var measured = await RatiosAsync(page);
        if (scheme == ColorScheme.Dark) await session.ScreenshotAsync("draw"); // the light ones are LayoutTests'

        await page.GotoAsync("/#training");
        await Expect(page.Locator($"#models-table tr[data-id='{app.ModelId}']")).ToBeVisibleAsync();
        await page.Locator("#train-options summary").ClickAsync();
        foreach (var toggle in await page.Locator("#train-options fieldset:not([data-group='reduceLrOnPlateau']) [data-toggles]").AllAsync()) await toggle.CheckAsync();
        await page.Locator("#train-limit").FillAsync("320");
        await page.GetByRole(AriaRole.Button, new() { Name = "Estimate" }).ClickAsync();
        await Expect(page.Locator("#estimate-memory")).ToBeVisibleAsync(new() { Timeout = 60_000 }); // a probe may time the network first
        await page.Locator($"#models-table tr[data-id='{app.ModelId}']").GetByRole(AriaRole.Button, new() { Name = "Details" }).ClickAsync();
        await Expect(page.Locator("#confusion td.heat-5").First).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Keras code", Exact = true }).ClickAsync();
        await Expect(page.Locator("#model-code")).ToBeVisibleAsync();
        measured.AddRange(await RatiosAsync(page));
        if (scheme == ColorScheme.Dark) await session.ScreenshotAsync("training");

        Assert.True(measured.Count > 20, $"Only {measured.Count} text elements were measured.");
        var poor = measured.Where(m => m.Ratio < 4.5).Select(m => $"{m.Selector}: {m.Ratio:0.00}").Distinct().ToList();
        Assert.True(poor.Count == 0, "Below 4.5:1: " + string.Join(", ", poor));
    }

    private static async Task<List<Measured>> RatiosAsync(IPage page) =>
        [.. await page.EvaluateAsync<Measured[]>(Ratios, Text)];

    private sealed class Measured
    {
        public string Selector { get; set; } = "";
        public double Ratio { get; set; }
    }
}
