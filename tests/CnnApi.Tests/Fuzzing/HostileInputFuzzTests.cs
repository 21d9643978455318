using System.Text;
using System.Text.Json;
using CnnApi.Errors;
using CnnApi.Predictions.Images;
using CnnApi.Tests.Predictions;
using CnnApi.TrainingJobs;

namespace CnnApi.Tests.Fuzzing;

/// <summary>
/// Seeded mutation fuzzing of what the hardening added: large PNG and BMP files through the reducing decoder
/// (flipped bytes, truncations, lying headers; BMP decodes line by line, averaged down) and the job request binder.
/// </summary>
public sealed class HostileInputFuzzTests
{
    private const int Side = 1500;

    [Fact]
    public void ReducedDecode_MutatedLargeImages_NeverThrowAndStaySmall()
    {
        var random = new Random(20261130);
        var decoder = new ImageDecoder(new ImageLimits(MaxBytes: 16 << 20)) { ReducedDecodeSide = 1024 };
        var preprocessor = new MnistPreprocessor();
        var grey = new byte[Side * Side];
        for (var i = 0; i < grey.Length; i++) grey[i] = (byte)(i % Side is > 600 and < 900 ? 0 : 255);
        var seen = new HashSet<Type>();
        foreach (var valid in new[] { PngWriter.Grey8(grey, Side, Side), RetroWriters.Bmp24(grey, Side, Side) })
        {
            for (var trial = 0; trial < 60; trial++)
            {
                var bytes = trial == 0 ? valid : (trial % 4) switch
                {
                    0 => valid[..random.Next(16, valid.Length)],
                    1 when valid[0] == 0x89 => PngWriter.WithClaimedSize(valid, random.Next(1, 5000), random.Next(1, 5000)),
                    _ => Flip(valid, random),
                };
                _ = ImageDecoder.ClaimedPixels(bytes);
                var result = decoder.Decode(bytes);
                seen.Add(result.GetType());
                Assert.InRange(result.StatusCode, 200, 499);
                if (result is ImageDecodeResult.Ok ok)
                {
                    if (ok.Image.Format == ImageFormat.Bmp) Assert.True(Math.Max(ok.Image.Width, ok.Image.Height) <= 1024, ok.Message);
                    preprocessor.Process(ok.Image);
                }
            }
        }
        Assert.Contains(typeof(ImageDecodeResult.Ok), seen);
        Assert.Contains(typeof(ImageDecodeResult.Corrupt), seen);
    }

    [Fact]
    public void ReducedDecode_LargeBmp_KeepsTheDrawingUprightAndInPlace()
    {
        var grey = new byte[Side * Side];
        Array.Fill(grey, (byte)255);
        for (var y = 100; y < 400; y++) for (var x = 1100; x < 1400; x++) grey[y * Side + x] = 0; // ink near the top right

        var ok = Assert.IsType<ImageDecodeResult.Ok>(new ImageDecoder(new ImageLimits(MaxBytes: 16 << 20)) { ReducedDecodeSide = 1024 }.Decode(RetroWriters.Bmp24(grey, Side, Side)));

        Assert.Equal((750, 750), (ok.Image.Width, ok.Image.Height));
        Assert.Equal(0, ok.Image.Rgba[(125 * 750 + 625) * 4]); // inside the square, half scale
        Assert.Equal(255, ok.Image.Rgba[(625 * 750 + 125) * 4]); // the opposite corner stays paper
    }

    [Fact]
    public void Bind_RandomValuesInEveryField_NeverThrows()
    {
        var random = new Random(7);
        string[] names = ["preset", "architecture", "dataset", "epochs", "batchSize", "optimizer", "learningRate", "validationSplit",
            "trainLimit", "testLimit", "seed", "device", "Epochs", "EPOCHS", "x", ""];
        string[] values = ["null", "true", "0", "-1", "1.5", "1e400", "-1e308", "2147483648", "9223372036854775808", "\"\"", "\"seed-valid\"",
            "\"3\"", "[]", "{}", "[1,2]", "{\"layers\":[]}", "\"\\u0000\"", "0.000000001"];
        for (var trial = 0; trial < 2000; trial++)
        {
            var members = Enumerable.Range(0, random.Next(0, 6))
                .Select(_ => $"\"{names[random.Next(names.Length)]}\":{values[random.Next(values.Length)]}");
            using var document = JsonDocument.Parse("{" + string.Join(",", members) + "}");
            var errors = new List<(string Path, string Message)>();

            var request = JsonBinder.Bind<TrainingJobRequest>(document.RootElement, errors);

            Assert.True(request is null != (errors.Count == 0), $"{document.RootElement}");
            Assert.All(errors, e => Assert.DoesNotContain("System.", e.Message));
            if (request is not null) _ = request.ValidateFields().ToList();
        }
    }

    private static byte[] Flip(byte[] valid, Random random)
    {
        var copy = valid.ToArray();
        for (var i = random.Next(1, 12); i > 0; i--) copy[random.Next(copy.Length)] ^= (byte)random.Next(1, 256);
        return copy;
    }
}
