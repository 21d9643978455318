using CnnApi.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CnnApi.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class DrawTests(BrowserApp app)
{
    [Fact]
    public async Task Draw_MouseStrokeOfOne_ShowsOneWithTenProbabilitiesAndTheModelInput()
    {
        await using var session = await PageSession.OpenAsync(app);
        var page = session.Page;
        await page.Locator("#model-picker").SelectOptionAsync(app.ModelId);

        await Digits.DrawOneAsync(page);

        await Expect(page.Locator("#predicted-digit")).ToHaveTextAsync("1");
        await Expect(page.Locator("#probabilities [data-digit]")).ToHaveCountAsync(10);
        var shares = await page.Locator("#probabilities .bar-value").AllTextContentsAsync();
        var sum = shares.Sum(s => double.Parse(s.Replace("%", "").Trim(), System.Globalization.CultureInfo.InvariantCulture));
        Assert.InRange(sum, 99, 101);
        await Expect(page.Locator("#probabilities .bar-row.best")).ToHaveAttributeAsync("data-digit", "1");
        Assert.StartsWith("data:image/png;base64,", await page.Locator("#model-input").GetAttributeAsync("src"));
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Draw_UploadMnistTestPngWithPicker_ShowsItsDigit()
    {
        await using var session = await PageSession.OpenAsync(app);
        await session.Page.Locator("#model-picker").SelectOptionAsync(app.ModelId);
        await session.Page.Locator("#upload").SetInputFilesAsync(Digits.MnistPng(Digits.TestIndex));

        await Expect(session.Page.Locator("#predicted-digit")).ToHaveTextAsync(Digits.MnistLabel(Digits.TestIndex).ToString());
        await Expect(session.Page.Locator("#prediction")).ToHaveAttributeAsync("data-model-id", app.ModelId);
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Draw_DropMnistTestPng_ShowsItsDigit()
    {
        await using var session = await PageSession.OpenAsync(app);
        await session.Page.Locator("#model-picker").SelectOptionAsync(app.ModelId);
        var png = Digits.MnistPng(Digits.TestIndex);
        var transfer = await session.Page.EvaluateHandleAsync(
            @"bytes => { const t = new DataTransfer(); t.items.add(new File([new Uint8Array(bytes)], 'digit.png', { type: 'image/png' })); return t; }",
            png.Buffer.Select(b => (int)b).ToArray());

        await session.Page.Locator("#drop-zone").DispatchEventAsync("drop", new Dictionary<string, object> { ["dataTransfer"] = transfer });

        await Expect(session.Page.Locator("#predicted-digit")).ToHaveTextAsync(Digits.MnistLabel(Digits.TestIndex).ToString());
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Draw_Clear_EmptiesThePadAndThePrediction()
    {
        await using var session = await PageSession.OpenAsync(app);
        var page = session.Page;
        await Digits.DrawOneAsync(page);
        await Expect(page.Locator("#prediction")).ToBeVisibleAsync();

        await page.Locator("#clear-pad").ClickAsync();

        await Expect(page.Locator("#prediction")).ToBeHiddenAsync();
        await Expect(page.Locator("#prediction-empty")).ToBeVisibleAsync();
        var inked = await page.EvaluateAsync<int>(
            "() => { const c = document.getElementById('pad'); const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 250) n++; return n; }");
        Assert.Equal(0, inked);
    }
}
