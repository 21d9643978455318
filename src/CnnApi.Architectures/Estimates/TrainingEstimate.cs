using CnnApi.Architectures.Summaries;

namespace CnnApi.Architectures.Estimates;

/// <summary>What a training run will cost before it runs: its time on a device (from a fitted <see cref="ThroughputModel"/>) and its memory.</summary>
public sealed record TrainingEstimate(double SecondsPerEpoch, double TotalSeconds, double TrainImagesPerSecond,
    CostFeatures Features, MemoryEstimate Memory, double WarmupSeconds = 0)
{
    /// <summary>
    /// A run of <paramref name="epochs"/> epochs over <paramref name="trainImages"/> images in batches of
    /// <paramref name="batchSize"/>, each epoch then validating <paramref name="validationImages"/>, and a final test
    /// on <paramref name="testImages"/>; the optimizer keeps <paramref name="optimizerSlots"/> tensors per weight.
    /// <paramref name="measuredSecondsPerImage"/>, when this network was timed at this batch size, replaces the fitted
    /// figure (evaluating an image then costs a third of training it, as in the fitted model); <paramref name="warmupSeconds"/>,
    /// the one-time cost a probe measured, is added to the total once. <paramref name="restoreBestWeights"/>:
    /// early stopping keeps a copy of the best epoch's state.
    /// </summary>
    public static TrainingEstimate For(ArchitectureSummary summary, ThroughputModel throughput, int batchSize, int optimizerSlots,
        int epochs, int trainImages, int validationImages, int testImages, double? measuredSecondsPerImage = null,
        bool restoreBestWeights = false, double warmupSeconds = 0)
    {
        var features = CostFeatures.Of(summary, batchSize);
        double perImage = measuredSecondsPerImage ?? throughput.SecondsPerImage(features), evalPerImage = perImage / 3;
        double epoch = trainImages * perImage + validationImages * evalPerImage;
        return new TrainingEstimate(epoch, epochs * epoch + warmupSeconds + testImages * evalPerImage, 1 / perImage, features,
            TrainingMemory.Estimate(summary, batchSize, optimizerSlots, restoreBestWeights), warmupSeconds);
    }
}
