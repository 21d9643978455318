namespace CnnApi.Tests.Predictions;

/// <summary>One way a client might send a digit: a name and an encoder from an MNIST digit to upload bytes.</summary>
/// <param name="Name">Short, stable name (for test cases and benchmark rows).</param>
/// <param name="Encode">From 784 MNIST bytes (0 = background, 255 = ink) and a seeded random source to a file.</param>
public sealed record UploadVariant(string Name, Func<byte[], Random, byte[]> Encode)
{
    public override string ToString() => Name;
}

/// <summary>
/// Uploads built from real MNIST digits in the shapes clients send: other polarities, canvases,
/// photos, every supported container. Shared by the unit tests and (linked with
/// <c>&lt;Compile Include="..\CnnApi.Tests\Predictions\*.cs" Link=…/&gt;</c>) the accuracy benchmark,
/// so it depends on SkiaSharp only, not xunit.
/// </summary>
public static class UploadVariants
{
    private const int S = 28;

    /// <summary>The 28 × 28 digit itself as an 8-bit grey PNG: the preprocessor must return it nearly unchanged.</summary>
    public static UploadVariant MnistPng { get; } = new("mnist-png", (d, _) => PngWriter.Grey8(d, S, S));

    /// <summary>Lossless 28 × 28 re-encodings that must also come back nearly unchanged.</summary>
    public static IReadOnlyList<UploadVariant> Lossless { get; } =
    [
        MnistPng,
        new("dark-on-white-png", (d, _) => PngWriter.Grey8(Invert(d), S, S)),
        new("transparent-png", (d, _) => PngWriter.Rgba8(Rgba(d, paper: [0, 0, 0, 0], ink: [0, 0, 0, 255]), S, S)),
        new("white-on-transparent-png", (d, _) => PngWriter.Rgba8(Rgba(d, paper: [255, 255, 255, 0], ink: [255, 255, 255, 255]), S, S)),
        new("rgb-png", (d, _) => PngWriter.Rgb8(Rgb(d, paper: [255, 255, 255], ink: [20, 30, 120]), S, S)),
        new("grey16-png", (d, _) => PngWriter.Grey16(Invert(d), S, S)),
        new("palette-png", (d, _) => PngWriter.Palette(d, S, S, RedOnCreamPalette())),
        new("gif", (d, _) => RetroWriters.Gif(Invert(d), S, S)),
        new("bmp", (d, _) => RetroWriters.Bmp24(Invert(d), S, S)),
        new("webp-lossless", (d, _) => SkiaEncode.Webp(Rgba(d, paper: [255, 255, 255, 255], ink: [0, 0, 0, 255]), S, S, lossless: true)),
    ];

    /// <summary>Rescaled, moved or photographed digits: recognisable, not pixel-identical.</summary>
    public static IReadOnlyList<UploadVariant> Transformed { get; } =
    [
        new("canvas-600-transparent", (d, _) => Canvas(d)),
        new("off-centre-png", (d, _) => OffCentre(d)),
        new("photo-jpeg", Photo),
        new("webp-lossy-112", (d, _) => SkiaEncode.Webp(Place(d, 4, 112, 112, 0, 0, [250, 250, 250], [20, 20, 20], null), 112, 112, lossless: false)),
    ];

    /// <summary>Every variant.</summary>
    public static IReadOnlyList<UploadVariant> All { get; } = [.. Lossless, .. Transformed];

    /// <summary>A 600 × 600 HTML-canvas export: black strokes (the digit ×10) on a transparent background.</summary>
    public static byte[] Canvas(byte[] digit) =>
        SkiaEncode.Png(Place(digit, 10, 600, 600, 160, 150, [0, 0, 0, 0], [0, 0, 0, 255], null), 600, 600);

    /// <summary>Dark ink (the digit ×2) near the top-left corner of a 140 × 100 white page.</summary>
    public static byte[] OffCentre(byte[] digit) =>
        SkiaEncode.Png(Place(digit, 2, 140, 100, 6, 4, [255, 255, 255], [0, 0, 0], null), 140, 100);

    /// <summary>
    /// A phone-photo stand-in: blue ink (the digit ×8) on cream paper with a light gradient and
    /// Gaussian grain, saved as a JPEG of quality 85.
    /// </summary>
    public static byte[] Photo(byte[] digit, Random random) =>
        SkiaEncode.Jpeg(Place(digit, 8, 280, 280, 30, 24, [236, 226, 200], [35, 45, 140], random), 280, 280, 85);

    private static byte[] Invert(byte[] d) => d.Select(v => (byte)(255 - v)).ToArray();

    private static byte[] Rgba(byte[] d, byte[] paper, byte[] ink)
    {
        var rgba = new byte[d.Length * 4];
        for (var i = 0; i < d.Length; i++)
        {
            for (var c = 0; c < 4; c++)
            {
                rgba[4 * i + c] = (byte)Math.Round(paper[c] + (ink[c] - paper[c]) * d[i] / 255.0);
            }
        }
        return rgba;
    }

    private static byte[] Rgb(byte[] d, byte[] paper, byte[] ink)
    {
        var rgba = Rgba(d, [.. paper, 255], [.. ink, 255]);
        return rgba.Where((_, i) => i % 4 != 3).ToArray();
    }

    private static byte[] RedOnCreamPalette()
    {
        var palette = new byte[256 * 3];
        for (var i = 0; i < 256; i++)
        {
            (palette[3 * i], palette[3 * i + 1], palette[3 * i + 2]) =
                ((byte)(250 - 60 * i / 255), (byte)(240 - 240 * i / 255), (byte)(210 - 200 * i / 255));
        }
        return palette;
    }

    /// <summary>
    /// Paints the digit, enlarged <paramref name="factor"/> times (bilinear), at (x0, y0) on a page.
    /// Colours are RGB (opaque) or RGBA; <paramref name="random"/> adds grain and a gradient when given.
    /// </summary>
    private static byte[] Place(byte[] d, int factor, int w, int h, int x0, int y0, byte[] paper, byte[] ink, Random? random)
    {
        var rgba = new byte[w * h * 4];
        for (var y = 0; y < h; y++)
        {
            for (var x = 0; x < w; x++)
            {
                var inside = x >= x0 - factor && x < x0 + (S + 1) * factor && y >= y0 - factor && y < y0 + (S + 1) * factor;
                var a = inside ? Sample(d, (x - x0 + 0.5) / factor - 0.5, (y - y0 + 0.5) / factor - 0.5) / 255.0 : 0;
                var light = random is null ? 0 : 12.0 * (x + y) / (w + h) - 6 + Gaussian(random) * 7;
                for (var c = 0; c < 4; c++)
                {
                    var (p, q) = (c < paper.Length ? paper[c] : 255, c < ink.Length ? ink[c] : 255);
                    var v = p + (q - p) * a + (c < 3 ? light : 0);
                    rgba[(y * w + x) * 4 + c] = (byte)Math.Clamp(Math.Round(v), 0, 255);
                }
            }
        }
        return rgba;
    }

    private static double Sample(byte[] d, double x, double y)
    {
        var (ix, iy) = ((int)Math.Floor(x), (int)Math.Floor(y));
        var (fx, fy) = (x - ix, y - iy);
        double At(int px, int py) => px is >= 0 and < S && py is >= 0 and < S ? d[py * S + px] : 0;
        return (1 - fy) * ((1 - fx) * At(ix, iy) + fx * At(ix + 1, iy)) + fy * ((1 - fx) * At(ix, iy + 1) + fx * At(ix + 1, iy + 1));
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
