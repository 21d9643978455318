using CnnApi.Predictions.Images;
using Xunit.Abstractions;

namespace CnnApi.Tests.Predictions;

/// <summary>Real MNIST test digits, sent in every upload shape, must come back as (nearly) themselves.</summary>
public sealed class MnistPreprocessorVariantTests(ITestOutputHelper output)
{
    // Enough digits to average out a few hard ones; the large transformed uploads cost more to build.
    private const int Digits = 100;
    private const int TransformedDigits = 40;

    public static TheoryData<string> LosslessNames => new(UploadVariants.Lossless.Select(v => v.Name));

    public static TheoryData<string> TransformedNames => new(UploadVariants.Transformed.Select(v => v.Name));

    [Fact]
    public void Process_RealMnistDigitAsPng_ComesOutNearlyItself()
    {
        var (mad, meanCorr, minCorr) = Measure(UploadVariants.MnistPng, Digits);
        Assert.True(mad < 0.002, $"mean absolute difference {mad:0.0000}");
        Assert.True(meanCorr > 0.999 && minCorr > 0.99, $"correlation mean {meanCorr:0.000}, min {minCorr:0.000}");
    }

    [Theory]
    [MemberData(nameof(LosslessNames))]
    public void Process_LosslessVariantOfRealDigit_ComesOutNearlyItself(string name)
    {
        var (mad, meanCorr, minCorr) = Measure(UploadVariants.Lossless.Single(v => v.Name == name), Digits);
        // A colour palette's rounding can tip a centre of mass sitting on a half pixel: one digit moves by a pixel.
        Assert.True(mad < 0.005, $"{name}: mean absolute difference {mad:0.0000}");
        Assert.True(meanCorr > 0.99 && minCorr > 0.65, $"{name}: correlation mean {meanCorr:0.000}, min {minCorr:0.000}");
    }

    [Theory]
    [MemberData(nameof(TransformedNames))]
    public void Process_RescaledOrPhotographedRealDigit_ComesOutCloseToIt(string name)
    {
        var (mad, meanCorr, minCorr) = Measure(UploadVariants.Transformed.Single(v => v.Name == name), TransformedDigits);
        // Enlarging then shrinking blurs one-pixel strokes by up to half a pixel of phase: close, not equal.
        Assert.True(mad < 0.05, $"{name}: mean absolute difference {mad:0.0000}");
        Assert.True(meanCorr > 0.92 && minCorr > 0.6, $"{name}: correlation mean {meanCorr:0.000}, min {minCorr:0.000}");
    }

    private (double Mad, double MeanCorr, double MinCorr) Measure(UploadVariant variant, int digits)
    {
        var decoder = new ImageDecoder();
        var preprocessor = new MnistPreprocessor();
        var random = new Random(7);
        var mads = new List<double>();
        var corrs = new List<double>();
        foreach (var digit in MnistTestDigits.Load(digits))
        {
            var result = decoder.Decode(variant.Encode(digit, random));
            var ok = Assert.IsType<ImageDecodeResult.Ok>(result);
            var image = preprocessor.Process(ok.Image);
            Assert.True(image.InkFound, $"{variant.Name}: no ink found");
            mads.Add(DigitSimilarity.MeanAbsoluteDifference(image.Pixels, digit));
            corrs.Add(DigitSimilarity.Correlation(image.Pixels, digit));
        }
        output.WriteLine($"{variant.Name}: MAD {mads.Average():0.0000}, correlation mean {corrs.Average():0.0000} min {corrs.Min():0.0000}");
        return (mads.Average(), corrs.Average(), corrs.Min());
    }
}
