using CnnApi.Architectures.Estimates;
using CnnApi.Architectures.Presets;
using CnnApi.Architectures.Summaries;

namespace CnnApi.Architectures.Tests.Estimates;

public sealed class ThroughputModelTests
{
    private static TimeSample Sample(ThroughputModel truth, double macs, double elements, double layers)
    {
        var f = new CostFeatures(macs, elements, layers);
        return new TimeSample(f, truth.SecondsPerImage(f));
    }

    [Fact]
    public void Fit_ExactSamples_RecoversTheCoefficients()
    {
        var truth = new ThroughputModel(1 / 8e9, 1 / 4e8, 30e-6, 0);
        var fitted = ThroughputModel.Fit([Sample(truth, 37e6, 1.3e5, 0.05), Sample(truth, 2e5, 7e4, 0.16), Sample(truth, 8e4, 2e3, 1), Sample(truth, 1e7, 1e5, 0.1)])!;

        Assert.Equal(truth.SecondsPerMac, fitted.SecondsPerMac, truth.SecondsPerMac * 1e-6);
        Assert.Equal(truth.SecondsPerElement, fitted.SecondsPerElement, truth.SecondsPerElement * 1e-6);
        Assert.Equal(truth.SecondsPerLayerBatch, fitted.SecondsPerLayerBatch, truth.SecondsPerLayerBatch * 1e-6);
        Assert.Equal(4, fitted.Samples);
    }

    [Fact]
    public void Fit_DataThatWouldMakeACoefficientNegative_DropsItAndStaysPositive()
    {
        // Elements cost nothing here and per-batch overhead is in fact negative: the fit must not predict negative times.
        var samples = new[]
        {
            new TimeSample(new CostFeatures(1e7, 1e5, 0.1), 1e-3),
            new TimeSample(new CostFeatures(2e7, 1e5, 1.0), 1.5e-3),
            new TimeSample(new CostFeatures(4e7, 1e5, 0.1), 4e-3),
        };
        var fitted = ThroughputModel.Fit(samples)!;
        Assert.True(fitted.SecondsPerMac >= 0 && fitted.SecondsPerElement >= 0 && fitted.SecondsPerLayerBatch >= 0);
        Assert.All(samples, s => Assert.InRange(fitted.SecondsPerImage(s.Features), 0.5 * s.SecondsPerImage, 2 * s.SecondsPerImage));
    }

    [Fact]
    public void Fit_NoSamples_IsNull() => Assert.Null(ThroughputModel.Fit([]));

    [Fact]
    public void For_SeedValidThreeEpochs_AddsValidationAndTest()
    {
        var summary = Summarizer.Summarize(ArchitecturePresets.Find("seed-valid")!.Architecture).Summary!;
        var model = new ThroughputModel(1e-10, 0, 0, 0);

        var e = TrainingEstimate.For(summary, model, 128, 4, epochs: 3, trainImages: 54_000, validationImages: 6_000, testImages: 10_000);

        double train = 3.0 * summary.TotalMacs * 1e-10;  // seconds per training image
        Assert.Equal(54_000 * train + 6_000 * train / 3, e.SecondsPerEpoch, 1e-9);
        Assert.Equal(3 * e.SecondsPerEpoch + 10_000 * train / 3, e.TotalSeconds, 1e-9);
        Assert.Equal(1 / train, e.TrainImagesPerSecond, 1e-6);
    }
}
