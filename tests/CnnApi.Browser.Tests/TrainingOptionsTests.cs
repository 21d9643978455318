using System.Globalization;
using System.Text.Json;
using CnnApi.Browser.Tests.Infrastructure;
using CnnApi.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace CnnApi.Browser.Tests;

/// <summary>The training form's estimate, options and recipes, and the live view's learning rates and stop reason.</summary>
[Collection(BrowserCollection.Name)]
public sealed class TrainingOptionsTests(BrowserApp app)
{
    private static string Invariant(JsonElement value) => value.GetDouble().ToString(CultureInfo.InvariantCulture);

    [Fact]
    public async Task Estimate_MnistBnRecipe_FillsTheFormAndShowsTheApisTimeMemoryAndSpeedSource()
    {
        var presets = await (await app.Api.GetAsync("/api/v1/architectures/presets")).JsonAsync(System.Net.HttpStatusCode.OK);
        var recipe = presets.EnumerateArray().Single(p => p.GetProperty("name").GetString() == "mnist-bn").GetProperty("recommendedTraining");
        await using var session = await PageSession.OpenAsync(app, hash: "#training");
        var page = session.Page;

        await page.Locator("#train-editor select").SelectOptionAsync("mnist-bn");
        await Expect(page.Locator("#train-recipe")).ToContainTextAsync($"{recipe.GetProperty("epochs")} epochs");
        await page.GetByRole(AriaRole.Button, new() { Name = "Use the recommended training" }).ClickAsync();

        await Expect(page.Locator("#train-epochs")).ToHaveValueAsync(recipe.GetProperty("epochs").ToString());
        await Expect(page.Locator("#train-batch")).ToHaveValueAsync(recipe.GetProperty("batchSize").ToString());
        await Expect(page.Locator("#train-val")).ToHaveValueAsync(Invariant(recipe.GetProperty("validationSplit")));
        await Expect(page.Locator("#train-seed")).ToHaveValueAsync(recipe.GetProperty("seed").ToString());
        await Expect(page.Locator("#train-limit")).ToHaveValueAsync("");                      // the recipe trains on all 60,000
        var augmentation = recipe.GetProperty("augmentation");
        await Expect(page.Locator("#au-shift")).ToHaveValueAsync(Invariant(augmentation.GetProperty("shift")));
        await Expect(page.Locator("#au-zoom")).ToHaveValueAsync(Invariant(augmentation.GetProperty("zoom")));
        var early = recipe.GetProperty("earlyStopping");
        await Expect(page.Locator("#es-patience")).ToHaveValueAsync(early.GetProperty("patience").ToString());
        await Expect(page.Locator("#es-restore")).ToBeCheckedAsync(new() { Checked = early.GetProperty("restoreBestWeights").GetBoolean() });
        await Expect(page.Locator("#ls-type")).ToHaveValueAsync(recipe.GetProperty("learningRateSchedule").GetProperty("type").GetString()!);
        await Expect(page.Locator("#rp-factor")).ToBeDisabledAsync();                        // not in the recipe: switched off

        // A quick look before a long run: 2,000 images instead of 60,000.
        await page.Locator("#train-limit").FillAsync("2000");
        var response = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Estimate" }).ClickAsync(),
            r => r.Url.EndsWith("/api/v1/training-jobs/estimate"));
        var sent = JsonDocument.Parse(response.Request.PostData!).RootElement;
        Assert.Equal("mnist-bn", sent.GetProperty("preset").GetString());
        Assert.Equal(augmentation.ToString(), sent.GetProperty("augmentation").ToString());
        Assert.Equal(early.GetProperty("patience").GetInt32(), sent.GetProperty("earlyStopping").GetProperty("patience").GetInt32());
        Assert.Equal(200, response.Status);
        var estimate = JsonDocument.Parse(await response.TextAsync()).RootElement;

        await Expect(page.Locator("#estimate-epoch")).ToHaveTextAsync(PageFormats.Duration(estimate.GetProperty("secondsPerEpoch").GetDouble()));
        await Expect(page.Locator("#estimate-total")).ToHaveTextAsync(PageFormats.Duration(estimate.GetProperty("totalSeconds").GetDouble()));
        await Expect(page.Locator("#estimate-fits")).ToHaveTextAsync(estimate.GetProperty("fits").GetBoolean() ? "fits" : "does not fit");
        var memory = estimate.GetProperty("memory");
        Assert.True(memory.GetProperty("bestWeightsBytes").GetInt64() > 0);  // the recipe restores the best weights: the copy is shown
        foreach (var (key, field) in new[] { ("weights", "weightsBytes"), ("gradients", "gradientsBytes"), ("optimizer", "optimizerBytes"),
            ("activations", "activationsBytes"), ("best-weights", "bestWeightsBytes"), ("runtime", "runtimeBytes"), ("total", "totalBytes") })
            await Expect(page.Locator($"#estimate-memory tr[data-key='{key}'] td")).ToHaveTextAsync(PageFormats.Bytes(memory.GetProperty(field).GetInt64()));
        await Expect(page.Locator("#estimate-memory tr[data-key='budget'] td")).ToHaveTextAsync(PageFormats.Bytes(estimate.GetProperty("memoryBudgetBytes").GetInt64()));
        var run = estimate.GetProperty("run");
        await Expect(page.Locator("#estimate-run")).ToContainTextAsync($"{PageFormats.Number(run.GetProperty("trainImages").GetInt32())} training images");
        var throughput = estimate.GetProperty("throughput");
        await Expect(page.Locator("#estimate-source")).ToHaveAttributeAsync("data-source", throughput.GetProperty("source").GetString()!);
        await Expect(page.Locator("#estimate-source")).ToContainTextAsync(
            $"Speed {PageFormats.Number((long)Math.Round(throughput.GetProperty("trainImagesPerSecond").GetDouble(), MidpointRounding.AwayFromZero))} training images/s");
        if (throughput.GetProperty("probeSkipped").GetString() is { } skipped)
            await Expect(page.Locator("#estimate-probe-skipped")).ToHaveTextAsync($" No probe ran: {skipped}");
        else
            await Expect(page.Locator("#estimate-probe-skipped")).ToHaveCountAsync(0);
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Options_EveryFieldOfTheApisOptionObjects_HasItsInput_AndTheLessCommonOnesAreSent()
    {
        // The live OpenAPI document's request: each object-valued option (earlyStopping, ...) and each of its fields.
        var openApi = JsonDocument.Parse(await app.Api.GetStringAsync("/swagger/v1/swagger.json")).RootElement;
        var schemas = openApi.GetProperty("components").GetProperty("schemas");
        var groups = schemas.GetProperty("TrainingJobRequest").GetProperty("properties").EnumerateObject()
            .Where(p => p.Value.TryGetProperty("oneOf", out _))
            .Select(p => (Group: p.Name, Fields: schemas.GetProperty(p.Value.GetProperty("oneOf")[0].GetProperty("$ref").GetString()!.Split('/')[^1])
                .GetProperty("properties").EnumerateObject().Select(f => f.Name).ToList()))
            .ToList();
        Assert.Equal(["earlyStopping", "reduceLrOnPlateau", "learningRateSchedule", "augmentation"], groups.Select(g => g.Group));

        await using var session = await PageSession.OpenAsync(app, hash: "#training");
        var page = session.Page;
        foreach (var (group, fields) in groups)
        {
            await Expect(page.Locator($"fieldset[data-group='{group}']")).ToHaveCountAsync(1);
            foreach (var field in fields)
                await Expect(page.Locator($"fieldset[data-group='{group}'] [name='{group}.{field}']")).ToHaveCountAsync(1);
        }

        await page.Locator("#train-options summary").ClickAsync();
        await page.Locator("fieldset[data-group='earlyStopping'] [data-toggles]").CheckAsync();
        await page.Locator("#es-monitor").SelectOptionAsync("val_accuracy");
        await page.Locator("#es-baseline").FillAsync("0.9");
        await page.Locator("#es-start").FillAsync("2");
        await page.Locator("fieldset[data-group='reduceLrOnPlateau'] [data-toggles]").CheckAsync();
        await page.Locator("#rp-min-delta").FillAsync("0.001");
        await page.Locator("#rp-mode").SelectOptionAsync("min");
        var response = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Estimate" }).ClickAsync(),
            r => r.Url.EndsWith("/api/v1/training-jobs/estimate"));

        var sent = JsonDocument.Parse(response.Request.PostData!).RootElement;
        var early = sent.GetProperty("earlyStopping");
        Assert.Equal(("val_accuracy", 0.9, 2), (early.GetProperty("monitor").GetString(), early.GetProperty("baseline").GetDouble(), early.GetProperty("startFromEpoch").GetInt32()));
        var plateau = sent.GetProperty("reduceLrOnPlateau");
        Assert.Equal((0.001, "min"), (plateau.GetProperty("minDelta").GetDouble(), plateau.GetProperty("mode").GetString()));
        Assert.Equal(200, response.Status); // the API took them
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Training_OptionOutOfRange_ShowsTheApisFieldErrorBesideThatOption()
    {
        await using var session = await PageSession.OpenAsync(app, hash: "#training");
        var page = session.Page;
        await page.WithKeyAsync(() => page.Locator("#key-button").ClickAsync());
        await page.Locator("#train-options summary").ClickAsync();
        await page.Locator("fieldset[data-group='augmentation'] [data-toggles]").CheckAsync();
        await page.Locator("#au-zoom").FillAsync("0.9");
        await page.Locator("fieldset[data-group='earlyStopping'] [data-toggles]").CheckAsync();
        await page.Locator("#es-patience").FillAsync("-1");

        var response = await page.RunAndWaitForResponseAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Start training" }).ClickAsync(),
            r => r.Url.EndsWith("/api/v1/training-jobs") && r.Request.Method == "POST");

        Assert.Equal(400, response.Status);
        var errors = JsonDocument.Parse(await response.TextAsync()).RootElement.GetProperty("errors");
        foreach (var (path, field) in new[] { ("augmentation.zoom", "#au-zoom"), ("earlyStopping.patience", "#es-patience") })
        {
            var message = errors.GetProperty(path)[0].GetString();
            await Expect(page.Locator(field)).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(page.Locator(field).Locator("xpath=..").Locator(".field-error")).ToHaveTextAsync($"{path} {message}");
        }
        await Expect(page.Locator("#live-job")).ToBeHiddenAsync();
        // No AssertNoErrors: Chromium logs every 4xx response to the console.
    }

    [Fact]
    public async Task Live_ContinuedJobWithStepScheduleAndEarlyStopping_ShowsEachEpochsRateTheStopReasonAndTheParent()
    {
        await using var session = await PageSession.OpenAsync(app, hash: "#training");
        var page = session.Page;
        await TrainingForm.FillJobAsync(page, trainLimit: 320, testLimit: 200, epochs: "3");
        await page.Locator("#train-options summary").ClickAsync();
        await page.Locator("#train-initial").SelectOptionAsync(app.ModelId);
        await page.Locator("fieldset[data-group='learningRateSchedule'] [data-toggles]").CheckAsync();
        await page.Locator("#ls-type").SelectOptionAsync("step");
        await page.Locator("#ls-every").FillAsync("1");
        await page.Locator("#ls-factor").FillAsync("0.5");
        await page.Locator("fieldset[data-group='earlyStopping'] [data-toggles]").CheckAsync();
        await page.Locator("#es-patience").FillAsync("1");
        await page.Locator("#es-baseline").FillAsync("100");                                  // any val_loss beats it: shown, changes nothing
        await page.GetByRole(AriaRole.Button, new() { Name = "Estimate" }).ClickAsync();     // the model's own architecture is estimated
        await Expect(page.Locator("#estimate-fits")).ToHaveTextAsync("fits", new() { Timeout = 60_000 });
        await Expect(page.Locator("#estimate-run")).ToContainTextAsync("288 training images, 32 validation, 200 test");

        await page.WithKeyAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Start training" }).ClickAsync());

        await Expect(page.Locator("#live-status")).ToHaveTextAsync("succeeded", new() { Timeout = 120_000 });
        var jobId = await page.Locator("#live-job").GetAttributeAsync("data-job-id");
        var job = await new JobClient(app.Api).GetAsync(jobId!);
        var history = job.GetProperty("history").EnumerateArray().ToList();
        await Expect(page.Locator("#live-epochs tbody tr")).ToHaveCountAsync(history.Count);
        var rates = new List<double>();
        foreach (var epoch in history)
        {
            var rate = epoch.GetProperty("learningRate").GetDouble();
            rates.Add(rate);
            await Expect(page.Locator($"#live-epochs tr[data-id='{epoch.GetProperty("epoch")}'] td[data-label='Learning rate']"))
                .ToHaveTextAsync(rate.ToString("G6", CultureInfo.InvariantCulture));
        }
        Assert.True(rates.Zip(rates.Skip(1)).All(p => p.Second < p.First), $"The step schedule did not lower the rate: {string.Join(", ", rates)}");
        await Expect(page.Locator("#live-stop")).ToHaveTextAsync($"Stop reason: {job.GetProperty("stopReason").GetString()}");
        await Expect(page.Locator("#live-options")).ToContainTextAsync($"continues model {app.ModelId[..8]}");
        await Expect(page.Locator("#live-options")).ToContainTextAsync("step schedule (×0.5 every 1 epochs)");
        await Expect(page.Locator("#live-options")).ToContainTextAsync("early stopping on val_loss (patience 1, baseline 100)");

        // The model it left names the fixture's model as its parent, as the API does.
        var modelId = job.GetProperty("modelId").GetString()!;
        var model = await (await app.Api.GetAsync($"/api/v1/models/{modelId}")).JsonAsync(System.Net.HttpStatusCode.OK);
        Assert.Equal(app.ModelId, model.GetProperty("parentModelId").GetString());
        await page.Locator($"#models-table tr[data-id='{modelId}']").GetByRole(AriaRole.Button, new() { Name = "Details" }).ClickAsync();
        await Expect(page.Locator("#model-parent")).ToHaveAttributeAsync("data-parent-id", app.ModelId);
        var parent = await (await app.Api.GetAsync($"/api/v1/models/{app.ModelId}")).JsonAsync(System.Net.HttpStatusCode.OK);
        await Expect(page.Locator("#model-parent")).ToContainTextAsync($"Continued from {parent.GetProperty("name").GetString()} ({app.ModelId[..8]})");
        session.AssertNoErrors();
    }
}
