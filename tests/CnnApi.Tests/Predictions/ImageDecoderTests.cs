using System.Text;
using CnnApi.Predictions.Images;

namespace CnnApi.Tests.Predictions;

public sealed class ImageDecoderTests
{
    private static readonly byte[] Digit = MnistTestDigits.Load(1)[0];

    public static TheoryData<string, ImageFormat> Uploads => new()
    {
        { "mnist-png", ImageFormat.Png },
        { "grey16-png", ImageFormat.Png },
        { "palette-png", ImageFormat.Png },
        { "gif", ImageFormat.Gif },
        { "bmp", ImageFormat.Bmp },
        { "webp-lossless", ImageFormat.Webp },
        { "webp-lossy-112", ImageFormat.Webp },
        { "photo-jpeg", ImageFormat.Jpeg },
    };

    [Theory]
    [MemberData(nameof(Uploads))]
    public void Decode_SupportedFormat_ReturnsPixelsOfHeaderSize(string variant, ImageFormat format)
    {
        var bytes = UploadVariants.All.Single(v => v.Name == variant).Encode(Digit, new Random(1));

        var ok = Assert.IsType<ImageDecodeResult.Ok>(new ImageDecoder().Decode(bytes));

        Assert.Equal(format, ok.Image.Format);
        Assert.Equal(ok.Image.Width * ok.Image.Height * 4, ok.Image.Rgba.Length);
        Assert.Equal(200, ok.StatusCode);
    }

    [Fact]
    public void Decode_NoBytes_ReturnsEmpty()
    {
        var result = new ImageDecoder().Decode([]);

        Assert.Equal(400, Assert.IsType<ImageDecodeResult.Empty>(result).StatusCode);
    }

    [Theory]
    [InlineData("hello, world")]
    [InlineData("<html><body>7</body></html>")]
    [InlineData("%PDF-1.7")]
    [InlineData("BMW is a car, not a bitmap")]
    [InlineData("RIFF\u0010\0\0\0WAVEfmt ")]
    public void Decode_TextOrOtherFormat_ReturnsNotAnImage(string content)
    {
        var result = new ImageDecoder().Decode(Encoding.Latin1.GetBytes(content));

        Assert.Equal(415, Assert.IsType<ImageDecodeResult.NotAnImage>(result).StatusCode);
    }

    [Fact]
    public void Decode_FileOverByteLimit_ReturnsTooLargeNamingBytes()
    {
        var png = UploadVariants.Canvas(Digit);
        var decoder = new ImageDecoder(new ImageLimits(MaxBytes: png.Length - 1));

        var tooLarge = Assert.IsType<ImageDecodeResult.TooLarge>(decoder.Decode(png));

        Assert.Equal((ImageLimit.Bytes, png.Length, png.Length - 1L), (tooLarge.Limit, tooLarge.Actual, tooLarge.Maximum));
        Assert.Equal(413, tooLarge.StatusCode);
        Assert.Contains("bytes", tooLarge.Message);
    }

    [Theory]
    [InlineData(5000, 10, ImageLimit.Width)]
    [InlineData(10, 5000, ImageLimit.Height)]
    [InlineData(100_000, 100_000, ImageLimit.Width)]
    [InlineData(2_000_000, 10, ImageLimit.Width)]
    public void Decode_HeaderClaimsHugeImage_ReturnsTooLargeWithoutDecodingPixels(int width, int height, ImageLimit limit)
    {
        // The pixel data is for 28 × 28: a decoder that read pixels before checking would report truncation.
        var claimsHuge = PngWriter.WithClaimedSize(UploadVariants.MnistPng.Encode(Digit, new Random(1)), width, height);

        var result = new ImageDecoder().Decode(claimsHuge);

        Assert.Equal(limit, Assert.IsType<ImageDecodeResult.TooLarge>(result).Limit);
    }

    [Fact]
    public void Decode_SmallerPixelLimit_ReturnsTooLargeForCanvas()
    {
        var decoder = new ImageDecoder(new ImageLimits(MaxWidth: 599));

        var tooLarge = Assert.IsType<ImageDecodeResult.TooLarge>(decoder.Decode(UploadVariants.Canvas(Digit)));

        Assert.Equal((ImageLimit.Width, 600L, 599L), (tooLarge.Limit, tooLarge.Actual, tooLarge.Maximum));
    }

    [Theory]
    [InlineData("mnist-png")]
    [InlineData("photo-jpeg")]
    [InlineData("gif")]
    [InlineData("bmp")]
    [InlineData("webp-lossy-112")]
    public void Decode_TruncatedFile_ReturnsCorrupt(string variant)
    {
        var bytes = UploadVariants.All.Single(v => v.Name == variant).Encode(Digit, new Random(1));

        var result = new ImageDecoder().Decode(bytes.AsSpan(0, bytes.Length / 2));

        Assert.Equal(400, Assert.IsType<ImageDecodeResult.Corrupt>(result).StatusCode);
    }

    [Fact]
    public void Decode_PngSignatureOnly_ReturnsCorrupt()
    {
        var result = new ImageDecoder().Decode([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]);

        Assert.Equal(ImageFormat.Png, Assert.IsType<ImageDecodeResult.Corrupt>(result).Format);
    }

    [Fact]
    public void Decode_RotatedJpegWithExifOrientation_ReturnsUprightPixels()
    {
        // A 40 × 20 image, black on its left half, tagged "rotate 90° clockwise to display".
        var rgba = new byte[40 * 20 * 4];
        for (var i = 0; i < 40 * 20; i++)
        {
            var v = (byte)(i % 40 < 20 ? 0 : 255);
            (rgba[4 * i], rgba[4 * i + 1], rgba[4 * i + 2], rgba[4 * i + 3]) = (v, v, v, 255);
        }
        var jpeg = SkiaEncode.Jpeg(rgba, 40, 20, 95);
        byte[] exif = [0xFF, 0xE1, 0, 34, .. "Exif\0\0"u8, .. "MM"u8, 0, 42, 0, 0, 0, 8,
                       0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0];
        byte[] tagged = [.. jpeg[..2], .. exif, .. jpeg[2..]];

        var image = Assert.IsType<ImageDecodeResult.Ok>(new ImageDecoder().Decode(tagged)).Image;

        Assert.Equal((20, 40), (image.Width, image.Height));
        Assert.True(image.Rgba[(2 * 20 + 10) * 4] < 60, "the black half is on top after a clockwise turn");
        Assert.True(image.Rgba[(37 * 20 + 10) * 4] > 200, "the white half is at the bottom");
    }

    [Theory]
    [InlineData("gif", 6)]
    [InlineData("bmp", 18)]
    [InlineData("webp-lossless", 21)]
    public void Decode_NonPngHeaderClaimsHugeWidth_ReturnsTooLarge(string variant, int widthOffset)
    {
        var bytes = UploadVariants.All.Single(v => v.Name == variant).Encode(Digit, new Random(1));
        if (variant.StartsWith("webp", StringComparison.Ordinal))
        {
            bytes[widthOffset] = 0xFF; // VP8L: the low 14 bits of this word are width - 1
            bytes[widthOffset + 1] |= 0x3F;
        }
        else
        {
            (bytes[widthOffset], bytes[widthOffset + 1]) = (0, 0x30); // little-endian 12288
        }

        var tooLarge = Assert.IsType<ImageDecodeResult.TooLarge>(new ImageDecoder().Decode(bytes));

        Assert.Equal(ImageLimit.Width, tooLarge.Limit);
    }

    [Fact]
    public void Decode_LargeJpegWithReducedDecodeSide_DecodesAtSmallerScaleKeepingAspect()
    {
        var (w, h) = (2400, 1600);
        var rgba = new byte[w * h * 4];
        Array.Fill(rgba, (byte)200);
        var jpeg = SkiaEncode.Jpeg(rgba, w, h, 80);

        var full = Assert.IsType<ImageDecodeResult.Ok>(new ImageDecoder().Decode(jpeg)).Image;
        var reduced = Assert.IsType<ImageDecodeResult.Ok>(new ImageDecoder { ReducedDecodeSide = 1000 }.Decode(jpeg)).Image;

        Assert.Equal((2400, 1600), (full.Width, full.Height));
        Assert.InRange(reduced.Width, 1000, 1999);
        Assert.Equal(reduced.Width * 2, reduced.Height * 3);
    }
}
