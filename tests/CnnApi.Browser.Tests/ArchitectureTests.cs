using CnnApi.Browser.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CnnApi.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class ArchitectureTests(BrowserApp app)
{
    [Fact]
    public async Task Summary_FirstPreset_ShowsShapesParamsMacsFieldsBordersAndKerasText()
    {
        await using var session = await PageSession.OpenAsync(app, hash: "#architectures");
        var page = session.Page;
        var table = page.Locator("#summary-result table");

        await Expect(table.Locator("tbody tr")).ToHaveCountAsync(6);
        var headers = await table.Locator("th").AllTextContentsAsync();
        Assert.Subset(headers.ToHashSet(), new HashSet<string> { "Layer", "Output shape", "Params", "MACs", "Receptive field", "Border pixels lost" });
        var firstConv = table.Locator("tbody tr").First;
        await Expect(firstConv.Locator("[data-column='outputShape']")).ToHaveTextAsync("(None, 26, 26, 32)");
        await Expect(firstConv.Locator("[data-column='params']")).ToHaveTextAsync("320");
        await Expect(firstConv.Locator("[data-column='receptiveField']")).ToHaveTextAsync("3 (jump 1)");
        await Expect(firstConv.Locator("[data-column='borderPixelsLost']")).ToHaveTextAsync("108");
        await Expect(page.Locator("#summary-result pre.keras")).ToContainTextAsync("Total params: 2,002,698");
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Compare_SeedButton_Shows2002698Vs3231498WithDifferencesHighlighted()
    {
        await using var session = await PageSession.OpenAsync(app, hash: "#compare");
        var page = session.Page;

        await page.GetByRole(AriaRole.Button, new() { Name = "seed-valid vs seed-same" }).ClickAsync();

        await Expect(page.Locator("#compare-result [data-side='a']")).ToHaveTextAsync("2,002,698");
        await Expect(page.Locator("#compare-result [data-side='b']")).ToHaveTextAsync("3,231,498");
        await Expect(page.Locator("#compare-result .vs .delta")).ToContainTextAsync("+1,228,800");
        // The three convolutions keep 28×28 in B, so their shapes differ, and so does the Dense(128) after Flatten.
        await Expect(page.Locator("#compare-result tbody tr.diff")).ToHaveCountAsync(5);
        await Expect(page.Locator("#compare-result tbody tr").Last).Not.ToHaveClassAsync("diff");
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Summary_InvalidKernelSize_ShowsTheApiMessageBesideThatLayer()
    {
        const string spec = """
            {"name": "broken", "inputShape": [28, 28, 1], "layers": [
              {"type": "Conv2D", "filters": 8, "kernelSize": 3},
              {"type": "MaxPooling2D"},
              {"type": "Conv2D", "filters": 8, "kernelSize": 0},
              {"type": "Flatten"},
              {"type": "Dense", "units": 10, "activation": "softmax"}]}
            """;
        var problem = await app.PostJsonAsync("/api/v1/architectures/summary", spec);
        var path = problem.GetProperty("errors").EnumerateObject().Single().Name;
        var message = problem.GetProperty("errors").GetProperty(path)[0].GetString()!;
        Assert.StartsWith("layers[2]", path);

        await using var session = await PageSession.OpenAsync(app, hash: "#architectures");
        var page = session.Page;
        await Expect(page.Locator("#summary-result table")).ToBeVisibleAsync();
        await page.Locator("#summary-editor textarea").FillAsync(spec);
        await page.Locator("#summarize").ClickAsync();

        var layer = page.Locator("#summary-editor [data-layer-index='2']");
        await Expect(layer).ToHaveClassAsync("has-error");
        await Expect(layer.Locator(".layer-error")).ToHaveTextAsync($"{path} {message}");
        await Expect(page.Locator("#summary-editor [data-layer-index='1']")).Not.ToHaveClassAsync("has-error");
        await Expect(page.Locator("#summary-editor .problem")).ToContainTextAsync(problem.GetProperty("title").GetString()!);
        await Expect(page.Locator("#summary-result table")).ToHaveCountAsync(0);
    }

    /// <summary>A Keras 2 <c>model.to_json()</c> document: an InputLayer entry first, so the bad Conv2D is entry 2.</summary>
    private const string KerasDocument = """
        {"class_name": "Sequential", "config": {"name": "pasted", "layers": [
          {"class_name": "InputLayer", "config": {"batch_input_shape": [null, 28, 28, 1], "dtype": "float32", "name": "conv2d_input"}},
          {"class_name": "Conv2D", "config": {"name": "conv2d", "filters": 16, "kernel_size": [3, 3], "activation": "relu"}},
          {"class_name": "Conv2D", "config": {"name": "conv2d_1", "filters": 16, "kernel_size": [KERNEL, KERNEL], "activation": "relu"}},
          {"class_name": "Flatten", "config": {"name": "flatten"}},
          {"class_name": "Dense", "config": {"name": "dense", "units": 10, "activation": "softmax"}}
        ]}, "keras_version": "2.12.0", "backend": "tensorflow"}
        """;

    [Fact]
    public async Task Summary_PastedKerasDocument_ShowsItsTableAndAKernelTooLargeBesideItsEntry()
    {
        await using var session = await PageSession.OpenAsync(app, hash: "#architectures");
        var page = session.Page;
        await Expect(page.Locator("#summary-result table")).ToBeVisibleAsync();
        await page.Locator("#summary-editor textarea").FillAsync(KerasDocument.Replace("KERNEL", "3"));
        await page.Locator("#summarize").ClickAsync();
        await Expect(page.Locator("#summary-result h2")).ToHaveTextAsync("pasted");
        await Expect(page.Locator("#summary-result pre.keras")).ToContainTextAsync("conv2d_1 (Conv2D)");

        var tooLarge = KerasDocument.Replace("KERNEL", "40");
        var problem = await app.PostJsonAsync("/api/v1/architectures/summary", tooLarge);
        var message = problem.GetProperty("errors").EnumerateObject().Single().Value[0].GetString()!;
        await page.Locator("#summary-editor textarea").FillAsync(tooLarge);
        await page.Locator("#summarize").ClickAsync();

        var entry = page.Locator("#summary-editor [data-layer-index='2']");
        await Expect(entry).ToHaveClassAsync("has-error");
        await Expect(entry).ToContainTextAsync("Conv2D — name conv2d_1");
        await Expect(entry.Locator(".layer-error")).ToContainTextAsync(message);
        await Expect(page.Locator("#summary-editor li.has-error")).ToHaveCountAsync(1);
    }

    [Fact]
    public async Task Compare_InvalidSideB_ShowsTheApiMessageBesideLayerOfB()
    {
        await using var session = await PageSession.OpenAsync(app, hash: "#compare");
        var page = session.Page;
        await page.Locator("#compare-editor-b textarea").FillAsync(
            """{"inputShape": [28, 28, 1], "layers": [{"type": "Dense", "units": -4}]}""");

        await page.Locator("#compare").ClickAsync();

        await Expect(page.Locator("#compare-editor-b [data-layer-index='0']")).ToHaveClassAsync("has-error");
        await Expect(page.Locator("#compare-editor-b .layer-error code")).ToHaveTextAsync("b.layers[0].units");
        await Expect(page.Locator("#compare-editor-a .layer-list")).ToBeHiddenAsync();
    }
}
