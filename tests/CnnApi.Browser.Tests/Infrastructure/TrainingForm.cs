using Microsoft.Playwright;

namespace CnnApi.Browser.Tests.Infrastructure;

/// <summary>The training form's basic fields, as the tests that start a job fill them.</summary>
public static class TrainingForm
{
    /// <summary>Epochs, batch 32, the train and test limits.</summary>
    public static async Task FillJobAsync(IPage page, int trainLimit, int testLimit, string epochs = "1")
    {
        await page.Locator("#train-epochs").FillAsync(epochs);
        await page.Locator("#train-batch").FillAsync("32");
        await page.Locator("#train-limit").FillAsync(trainLimit.ToString());
        await page.Locator("#train-test-limit").FillAsync(testLimit.ToString());
    }
}
