using CnnApi.Architectures.Estimates;
using CnnApi.Architectures.Layers;
using CnnApi.Architectures.Presets;
using CnnApi.Architectures.Spec;
using CnnApi.Architectures.Summaries;

namespace CnnApi.Architectures.Tests.Estimates;

/// <summary>The memory model, checked by hand against the tensors TorchSharp and libtorch keep (see TrainingMemory's comment).</summary>
public sealed class TrainingMemoryTests
{
    private static readonly Size2 One = Size2.Square(1), Two = Size2.Square(2), Three = Size2.Square(3);

    private static ArchitectureSummary Summary(string preset) => Summarizer.Summarize(ArchitecturePresets.Find(preset)!.Architecture).Summary!;

    private static ArchitectureSummary Summary(params Layer[] layers) => Summarizer.Summarize(new Architecture("t", [28, 28, 1], layers)).Summary!;

    [Fact]
    public void Estimate_SeedValidAdamBatch128_MatchesHandCount()
    {
        var m = TrainingMemory.Estimate(Summary("seed-valid"), 128, TrainingMemory.OptimizerSlots("adam", 0));

        Assert.Equal(2_002_698L * 4, m.WeightsBytes);
        Assert.Equal(2_002_698L * 4, m.GradientsBytes);
        Assert.Equal(2_002_698L * 4 * 4, m.OptimizerBytes);  // m and v, and the step's g² and √v
        // Per image: the batch 784; three Conv2D(relu) pre-activation + result 2·(26²+24²+22²)·32; the channels-last Flatten
        // copy 15,488; Dense(128, relu) 2·128; Dense(10, softmax) 2·10; the backward's transient 2·26²·32.
        long perImage = 784 + 2 * (21_632 + 18_432 + 15_488) + 15_488 + 256 + 20 + 2 * 21_632;
        Assert.Equal((long)(128 * perImage * 4 * TrainingMemory.AllocatorSlack), m.ActivationsBytes);
        Assert.Equal(m.WeightsBytes + m.GradientsBytes + m.OptimizerBytes + m.ActivationsBytes + TrainingMemory.RuntimeBytes, m.TotalBytes);
    }

    [Theory]
    [InlineData("adam", 0, 4)]
    [InlineData("rmsprop", 0, 2)]
    [InlineData("rmsprop", 0.9, 3)]
    [InlineData("sgd", 0, 0)]
    [InlineData("sgd", 0.9, 1)]
    public void OptimizerSlots_EachOptimizer_CountsStateAndStepTemporaries(string optimizer, double momentum, int slots)
    {
        Assert.Equal(slots, TrainingMemory.OptimizerSlots(optimizer, momentum));
        var m = TrainingMemory.Estimate(Summary("lenet5"), 32, slots);
        Assert.Equal(61_706L * 4 * slots, m.OptimizerBytes);
    }

    [Fact]
    public void Estimate_ActivationsScaleWithBatch_WeightsDoNot()
    {
        var small = TrainingMemory.Estimate(Summary("mnist-convnet"), 32, 4);
        var large = TrainingMemory.Estimate(Summary("mnist-convnet"), 256, 4);
        Assert.Equal(small.WeightsBytes, large.WeightsBytes);
        Assert.Equal(small.ActivationsBytes * 8, large.ActivationsBytes);
    }

    [Fact]
    public void Activations_MaxPoolingKeepsIndices_DropoutKeepsNoise_ReshapeIsAView()
    {
        var conv = new Conv2D(4, Three, One, Padding.Valid, ActivationKind.Linear, true, One);  // 26×26×4 = 2,704, linear: 1 output
        double Kept(params Layer[] layers) => TrainingMemory.Activations(Summary(layers)).Kept;

        Assert.Equal(2_704, Kept(conv));
        Assert.Equal(2_704 + 3 * 676, Kept(conv, new Pooling2D(PoolKind.Max, Two, Two, Padding.Valid)));      // output + int64 indices
        Assert.Equal(2_704 + 676, Kept(conv, new Pooling2D(PoolKind.Average, Two, Two, Padding.Valid)));
        Assert.Equal(2_704 + 2 * 2_704, Kept(conv, new Dropout(0.5)));                                          // output + float noise
        Assert.Equal(2_704, Kept(conv, new Reshape([676, 4])));
        Assert.Equal(2_704 + 2 * 2_704, Kept(conv with { Activation = ActivationKind.Relu }) + 2_704);
    }

    [Fact]
    public void Estimate_OneByOneConvWithAMillionFiltersOn4096Squared_SaturatesInsteadOfOverflowing()
    {
        var summary = Summary(new Resizing(4096, 4096), new Conv2D(1 << 20, One, One, Padding.Valid, ActivationKind.Relu, true, One),
            new GlobalPooling2D(PoolKind.Average), new Dense(10, ActivationKind.Softmax, true));

        var m = TrainingMemory.Estimate(summary, 32, 4);

        // The 2^44 floats of the conv's output per image, 4 times (pre-activation, relu result, two gradients in backward): 8 PiB, and the slack.
        double tensors = 4096.0 * 4096 * (1 << 20) * 4 * 32 * 4 * TrainingMemory.AllocatorSlack;
        Assert.InRange(m.ActivationsBytes, tensors, tensors * 1.001);
        var huge = TrainingMemory.Estimate(summary, 4096, 4) with { WeightsBytes = long.MaxValue };
        Assert.Equal(long.MaxValue, huge.TotalBytes);
    }

    [Fact]
    public void Estimate_RestoreBestWeights_AddsOneCopyOfEveryParameterAndBuffer()
    {
        // mnist-bn: BatchNormalization's moving mean and variance are non-trainable parameters in the summary and buffers in
        // the torch network; the copy holds them (state_dict), not gradients or optimizer state.
        var summary = Summary("mnist-bn");
        Assert.True(summary.TotalParams > summary.TrainableParams);
        var without = TrainingMemory.Estimate(summary, 64, 4);
        var with = TrainingMemory.Estimate(summary, 64, 4, restoreBestWeights: true);

        Assert.Equal(0, without.BestWeightsBytes);
        Assert.Equal(summary.TotalParams * 4, with.BestWeightsBytes);
        Assert.Equal(without with { BestWeightsBytes = with.BestWeightsBytes }, with);
        Assert.Equal(without.TotalBytes + summary.TotalParams * 4, with.TotalBytes);
    }

    [Fact]
    public void Estimate_RestoreBestWeights_IndependentOfBatchAndOptimizer()
    {
        var summary = Summary("lenet5");
        var a = TrainingMemory.Estimate(summary, 16, TrainingMemory.OptimizerSlots("sgd", 0), restoreBestWeights: true);
        var b = TrainingMemory.Estimate(summary, 512, TrainingMemory.OptimizerSlots("adam", 0), restoreBestWeights: true);
        Assert.Equal(61_706L * 4, a.BestWeightsBytes);
        Assert.Equal(a.BestWeightsBytes, b.BestWeightsBytes);
    }
}
