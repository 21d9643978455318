using CnnApi.Architectures.Summaries;

namespace CnnApi.Architectures.Estimates;

/// <summary>What a training run will cost before it runs: its time on a device (from a fitted <see cref="ThroughputModel"/>) and its memory.</summary>
public sealed record TrainingEstimate(double SecondsPerEpoch, double TotalSeconds, double TrainImagesPerSecond,
    CostFeatures Features, MemoryEstimate Memory)
{
    /// <summary>
    /// A run of <paramref name="epochs"/> epochs over <paramref name="trainImages"/> images in batches of
    /// <paramref name="batchSize"/>, each epoch then validating <paramref name="validationImages"/>, and a final test
    /// on <paramref name="testImages"/>; the optimizer keeps <paramref name="optimizerSlots"/> tensors per weight.
    /// </summary>
    public static TrainingEstimate For(ArchitectureSummary summary, ThroughputModel throughput, int batchSize, int optimizerSlots,
        int epochs, int trainImages, int validationImages, int testImages)
    {
        var features = CostFeatures.Of(summary, batchSize);
        double perImage = throughput.SecondsPerImage(features), evalPerImage = throughput.EvalSecondsPerImage(features);
        double epoch = trainImages * perImage + validationImages * evalPerImage;
        return new TrainingEstimate(epoch, epochs * epoch + testImages * evalPerImage, 1 / perImage, features,
            TrainingMemory.Estimate(summary, batchSize, optimizerSlots));
    }
}
