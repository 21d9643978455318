using CnnApi.Tests.Infrastructure;
using CnnApi.Tests.Predictions;
using Microsoft.Playwright;

namespace CnnApi.Browser.Tests.Infrastructure;

/// <summary>Digits for the Draw view: a "1" drawn with the mouse, and real MNIST test digits as PNG files.</summary>
public static class Digits
{
    /// <summary>MNIST test image 0, a 7 the fixture's model classifies with a wide margin.</summary>
    public const int TestIndex = 0;

    /// <summary>Draws a "1" on the pad with the mouse: one slightly slanted stroke down the middle, as a person would.</summary>
    public static async Task DrawOneAsync(IPage page)
    {
        var box = await page.Locator("#pad").BoundingBoxAsync() ?? throw new InvalidOperationException("The pad is not visible.");
        await page.Mouse.MoveAsync(box.X + box.Width * 0.54f, box.Y + box.Height * 0.18f);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + box.Width * 0.47f, box.Y + box.Height * 0.82f, new() { Steps = 12 });
        await page.Mouse.UpAsync();
    }

    public static FilePayload MnistPng(int index) => new()
    {
        Name = $"mnist-test-{index}.png",
        MimeType = "image/png",
        Buffer = PngWriter.Grey8(MnistTestDigits.Load(index + 1)[index], 28, 28),
    };

    public static int MnistLabel(int index) => File.ReadAllBytes(Path.Combine(TestData.MnistRoot, "t10k-labels-idx1-ubyte"))[8 + index];
}
