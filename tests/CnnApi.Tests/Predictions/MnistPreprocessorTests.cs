using CnnApi.Predictions.Images;

namespace CnnApi.Tests.Predictions;

public sealed class MnistPreprocessorTests
{
    private static readonly MnistPreprocessor Preprocessor = new();

    [Fact]
    public void Process_WhitePage_FindsNoInkAndReturnsZeros()
    {
        var image = Preprocessor.Process(Page(300, 200, (_, _) => 255));

        Assert.False(image.InkFound);
        Assert.Equal(784, image.Pixels.Length);
        Assert.All(image.Pixels, p => Assert.Equal(0f, p));
    }

    [Fact]
    public void Process_PaperGrainWithoutInk_FindsNoInk()
    {
        var random = new Random(3);
        var image = Preprocessor.Process(Page(280, 280, (_, _) => 225 + random.Next(-12, 13)));

        Assert.False(image.InkFound);
    }

    [Fact]
    public void Process_DarkSquareOnWhite_InvertsAndFillsTheBox()
    {
        var image = Preprocessor.Process(Page(100, 100, (x, y) => x is >= 30 and < 70 && y is >= 30 and < 70 ? 0 : 255));

        Assert.True(image.Inverted);
        var (x0, y0, x1, y1) = InkBox(image.Pixels);
        Assert.Equal((20, 20), (x1 - x0, y1 - y0));
        Assert.Equal(1f, image.Pixels[14 * 28 + 14]);
        Assert.Equal(0f, image.Pixels[0]);
    }

    [Fact]
    public void Process_LightSquareOnBlack_KeepsPolarity()
    {
        var image = Preprocessor.Process(Page(50, 50, (x, y) => x is >= 10 and < 20 && y is >= 5 and < 25 ? 240 : 10));

        Assert.False(image.Inverted);
        Assert.True(image.Pixels[14 * 28 + 14] > 0.9f);
    }

    [Fact]
    public void Process_TallThinBar_KeepsAspectRatioAndCentres()
    {
        // 12 × 240 bar: scaled to 1 × 20 (then thickened by a pixel each side, being thinner than MNIST's strokes).
        var image = Preprocessor.Process(Page(400, 300, (x, y) => x is >= 300 and < 312 && y is >= 20 and < 260 ? 0 : 255));

        var (x0, y0, x1, y1) = InkBox(image.Pixels);
        Assert.Equal(22, y1 - y0);
        Assert.Equal(3, x1 - x0);
        var (cx, cy) = CentreOfMass(image.Pixels);
        Assert.InRange(cx, 13.5, 14.5);
        Assert.InRange(cy, 13.5, 14.5);
    }

    [Fact]
    public void Process_DigitInPageCorner_PutsCentreOfMassAtFourteen()
    {
        foreach (var digit in MnistTestDigits.Load(10))
        {
            var decoded = Assert.IsType<ImageDecodeResult.Ok>(new ImageDecoder().Decode(UploadVariants.OffCentre(digit))).Image;

            var (cx, cy) = CentreOfMass(Preprocessor.Process(decoded).Pixels);

            Assert.InRange(cx, 13.5, 14.5);
            Assert.InRange(cy, 13.5, 14.5);
        }
    }

    [Fact]
    public void Process_TinyDigit_IsEnlargedToTheTwentyPixelBox()
    {
        var image = Preprocessor.Process(Page(64, 64, (x, y) => x is >= 30 and < 34 && y is >= 28 and < 36 ? 0 : 255));

        // Bilinear enlargement softens each edge by about a pixel.
        var (x0, y0, x1, y1) = InkBox(image.Pixels);
        Assert.InRange(y1 - y0, 20, 22);
        Assert.InRange(x1 - x0, 10, 12);
    }

    [Fact]
    public void Process_FinePenRingOnLargeCanvas_ThickensStrokesToMnistWidth()
    {
        // A 3-pixel ring of radius 150: shrunk 15 times it would be a fifth of a pixel wide.
        var image = Preprocessor.Process(Page(400, 400, (x, y) => Math.Abs(Math.Sqrt((x - 200) * (x - 200) + (y - 200) * (y - 200)) - 150) < 1.5 ? 0 : 255));

        var width = Strokes.Width(image.Pixels, 28, 28);
        Assert.InRange(width, 1.0, 3.5);
        Assert.Equal(0f, image.Pixels[14 * 28 + 14]); // still a ring, not a blob
    }

    [Fact]
    public void ToPng_ProcessedDigit_DecodesToTheSamePixels()
    {
        var digit = MnistTestDigits.Load(1)[0];
        var decoded = ((ImageDecodeResult.Ok)new ImageDecoder().Decode(UploadVariants.MnistPng.Encode(digit, new Random(1)))).Image;
        var image = Preprocessor.Process(decoded);

        var png = Assert.IsType<ImageDecodeResult.Ok>(new ImageDecoder().Decode(image.ToPng())).Image;

        Assert.Equal((28, 28), (png.Width, png.Height));
        for (var i = 0; i < 784; i++)
        {
            Assert.Equal((byte)Math.Round(image.Pixels[i] * 255), png.Rgba[4 * i]);
        }
        Assert.StartsWith("data:image/png;base64,iVBORw0KGgo", image.ToPngDataUrl());
    }

    /// <summary>An opaque grey page whose level at (x, y) the function gives.</summary>
    internal static DecodedImage Page(int w, int h, Func<int, int, int> level)
    {
        var rgba = new byte[w * h * 4];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var v = (byte)Math.Clamp(level(x, y), 0, 255);
                rgba.AsSpan((y * w + x) * 4, 4).Fill(v);
                rgba[(y * w + x) * 4 + 3] = 255;
            }
        }
        return new DecodedImage(w, h, ImageFormat.Png, rgba);
    }

    private static (int X0, int Y0, int X1, int Y1) InkBox(float[] p)
    {
        var ink = Enumerable.Range(0, 784).Where(i => p[i] > 0.2f).ToArray();
        return (ink.Min(i => i % 28), ink.Min(i => i / 28), ink.Max(i => i % 28) + 1, ink.Max(i => i / 28) + 1);
    }

    private static (double X, double Y) CentreOfMass(float[] p)
    {
        var mass = p.Sum();
        return (Enumerable.Range(0, 784).Sum(i => i % 28 * p[i]) / mass, Enumerable.Range(0, 784).Sum(i => i / 28 * p[i]) / mass);
    }
}
